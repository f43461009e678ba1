// Streebog (GOST R 34.11-2012, RFC 6986), 256 and 512 bits, for the extension's WebAssembly
// (wasm/build.sh): the content script hashes a page's large document where its bytes are and
// sends the host only the digest. No libc: the module imports nothing and exports
//   streebog_init(bits)          start a digest of 256 or 512 bits
//   streebog_buffer()            the address of the input buffer (STREEBOG_BUFFER bytes)
//   streebog_update(length)      hash `length` bytes from the input buffer
//   streebog_final()             finish; returns the address of the digest (bits / 8 bytes)
// One digest per module instance. Bytes and words are little-endian (as the byte strings openssl
// reads and prints); the standard writes its numbers most significant byte first.

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

#define STREEBOG_BUFFER (1u << 20)
#define BLOCK 64

// The substitution pi (standard, 5.1).
static const u8 PI[256] = { 252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77,
    233, 119, 240, 219, 147, 46, 153, 186, 23, 54, 241, 187, 20, 205, 95, 193, 249, 24, 101, 90,
    226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142, 79, 5, 132, 2, 174, 227, 106, 143, 160, 6, 11,
    237, 152, 127, 212, 211, 31, 235, 52, 44, 81, 234, 200, 72, 171, 242, 42, 104, 162, 253, 58,
    206, 204, 181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93, 135, 21, 161, 150,
    41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177, 50, 117, 25, 61, 255, 53, 138,
    126, 109, 84, 198, 128, 195, 189, 13, 87, 223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214,
    246, 124, 34, 185, 3, 224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74,
    167, 151, 96, 115, 30, 0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65, 173, 69, 70, 146, 39, 94,
    85, 47, 140, 163, 165, 125, 105, 213, 149, 59, 7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107,
    228, 136, 217, 231, 137, 225, 27, 131, 73, 76, 63, 248, 254, 141, 83, 170, 144, 202, 216, 133,
    97, 32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208, 190, 229, 108, 82, 89, 166, 116, 210,
    230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182 };

// The matrix of the linear map l (standard, 5.4): A[0] is the row of the most significant bit.
static const u64 A[64] = { 0x8e20faa72ba0b470, 0x47107ddd9b505a38, 0xad08b0e0c3282d1c,
    0xd8045870ef14980e, 0x6c022c38f90a4c07, 0x3601161cf205268d, 0x1b8e0b0e798c13c8,
    0x83478b07b2468764, 0xa011d380818e8f40, 0x5086e740ce47c920, 0x2843fd2067adea10,
    0x14aff010bdd87508, 0x0ad97808d06cb404, 0x05e23c0468365a02, 0x8c711e02341b2d01,
    0x46b60f011a83988e, 0x90dab52a387ae76f, 0x486dd4151c3dfdb9, 0x24b86a840e90f0d2,
    0x125c354207487869, 0x092e94218d243cba, 0x8a174a9ec8121e5d, 0x4585254f64090fa0,
    0xaccc9ca9328a8950, 0x9d4df05d5f661451, 0xc0a878a0a1330aa6, 0x60543c50de970553,
    0x302a1e286fc58ca7, 0x18150f14b9ec46dd, 0x0c84890ad27623e0, 0x0642ca05693b9f70,
    0x0321658cba93c138, 0x86275df09ce8aaa8, 0x439da0784e745554, 0xafc0503c273aa42a,
    0xd960281e9d1d5215, 0xe230140fc0802984, 0x71180a8960409a42, 0xb60c05ca30204d21,
    0x5b068c651810a89e, 0x456c34887a3805b9, 0xac361a443d1c8cd2, 0x561b0d22900e4669,
    0x2b838811480723ba, 0x9bcf4486248d9f5d, 0xc3e9224312c8c1a0, 0xeffa11af0964ee50,
    0xf97d86d98a327728, 0xe4fa2054a80b329c, 0x727d102a548b194e, 0x39b008152acb8227,
    0x9258048415eb419d, 0x492c024284fbaec0, 0xaa16012142f35760, 0x550b8e9e21f7a530,
    0xa48b474f9ef5dc18, 0x70a6a56e2440598e, 0x3853dc371220a247, 0x1ca76e95091051ad,
    0x0edd37c48a08a6d8, 0x07e095624504536c, 0x8d70c431ac02a736, 0xc83862965601dd1b,
    0x641c314b2b8ee083 };

// The iteration constants C1..C12 (standard, 5.5), as little-endian words.
static const u64 C[12][8] = { { 0xdd806559f2a64507, 0x05767436cc744d23, 0xa2422a08a460d315,
                                  0x4b7ce09192676901, 0x714eb88d7585c4fc, 0x2f6a76432e45d016,
                                  0xebcb2f81c0657c1f, 0xb1085bda1ecadae9 },
    { 0xe679047021b19bb7, 0x55dda21bd7cbcd56, 0x5cb561c2db0aa7ca, 0x9ab5176b12d69958,
        0x61d55e0f16b50131, 0xf3feea720a232b98, 0x4fe39d460f70b5d7, 0x6fa3b58aa99d2f1a },
    { 0x991e96f50aba0ab2, 0xc2b6f443867adb31, 0xc1c93a376062db09, 0xd3e20fe490359eb1,
        0xf2ea7514b1297b7b, 0x06f15e5f529c1f8b, 0x0a39fc286a3d8435, 0xf574dcac2bce2fc7 },
    { 0x220cbebc84e3d12e, 0x3453eaa193e837f1, 0xd8b71333935203be, 0xa9d72c82ed03d675,
        0x9d721cad685e353f, 0x488e857e335c3c7d, 0xf948e1a05d71e4dd, 0xef1fdfb3e81566d2 },
    { 0x601758fd7c6cfe57, 0x7a56a27ea9ea63f5, 0xdfff00b723271a16, 0xbfcd1747253af5a3,
        0x359e35d7800fffbd, 0x7f151c1f1686104a, 0x9a3f410c6ca92363, 0x4bea6bacad474799 },
    { 0xfa68407a46647d6e, 0xbf71c57236904f35, 0x0af21f66c2bec6b6, 0xcffaa6b71c9ab7b4,
        0x187f9ab49af08ec6, 0x2d66c4f95142a46c, 0x6fa4c33b7a3039c0, 0xae4faeae1d3ad3d9 },
    { 0x8886564d3a14d493, 0x3517454ca23c4af3, 0x06476983284a0504, 0x0992abc52d822c37,
        0xd3473e33197a93c9, 0x399ec6c7e6bf87c9, 0x51ac86febf240954, 0xf4c70e16eeaac5ec },
    { 0xa47f0dd4bf02e71e, 0x36acc2355951a8d9, 0x69d18d2bd1a5c42f, 0xf4892bcb929b0690,
        0x89b4443b4ddbc49a, 0x4eb7f8719c36de1e, 0x03e7aa020c6e4141, 0x9b1f5b424d93c9a7 },
    { 0x7261445183235adb, 0x0e38dc92cb1f2a60, 0x7b2b8a9aa6079c54, 0x800a440bdbb2ceb1,
        0x3cd955b7e00d0984, 0x3a7d3a1b25894224, 0x944c9ad8ec165fde, 0x378f5a541631229b },
    { 0x74b4c7fb98459ced, 0x3698fad1153bb6c3, 0x7a1e6c303b7652f4, 0x9fe76702af69334b,
        0x1fffe18a1b336103, 0x8941e71cff8a78db, 0x382ae548b2e4f3f3, 0xabbedea680056f52 },
    { 0x6bcaa4cd81f32d1b, 0xdea2594ac06fd85d, 0xefbacd1d7d476e98, 0x8a1d71efea48b9ca,
        0x2001802114846679, 0xd8fa6bbbebab0761, 0x3002c6cd635afe94, 0x7bcd9ed0efc889fb },
    { 0x48bc924af11bd720, 0xfaf417d5d9b21b99, 0xe71da4aa88e12852, 0x5d80ef9d1891cc86,
        0xf82012d430219f9b, 0xcda43c32bcdf1d77, 0xd21380b00449b17a, 0x378ee767f11631ba } };

// LPS as one table: TABLE[j][b] is l applied to the word whose byte j is pi(b) (the others 0),
// so the transposition p costs nothing: byte i of input word j lands in output word i.
static u64 TABLE[8][256];
static int tableReady;

static struct
{
    u64 h[8], n[8], sigma[8];
    u8 pending[BLOCK];
    u32 pendingLength;
    u32 bits;
} state;

static u8 input[STREEBOG_BUFFER];
static u8 digest[BLOCK];

static u64 linear(u64 word)
{
    u64 out = 0;
    for (int bit = 0; bit < 64; bit++) {
        if ((word >> bit) & 1)
            out ^= A[63 - bit];
    }
    return out;
}

static void buildTable(void)
{
    for (int j = 0; j < 8; j++) {
        for (int b = 0; b < 256; b++)
            TABLE[j][b] = linear((u64)PI[b] << (8 * j));
    }
    tableReady = 1;
}

// One output word of LPS: byte i of every input word.
#define LPS_WORD(x, i)                                                                             \
    (TABLE[0][(x##0 >> (8 * i)) & 0xff] ^ TABLE[1][(x##1 >> (8 * i)) & 0xff]                       \
        ^ TABLE[2][(x##2 >> (8 * i)) & 0xff] ^ TABLE[3][(x##3 >> (8 * i)) & 0xff]                  \
        ^ TABLE[4][(x##4 >> (8 * i)) & 0xff] ^ TABLE[5][(x##5 >> (8 * i)) & 0xff]                  \
        ^ TABLE[6][(x##6 >> (8 * i)) & 0xff] ^ TABLE[7][(x##7 >> (8 * i)) & 0xff])

// out = LPS(x), eight words in locals (the compiler keeps them in registers: no memory traffic).
#define LPS(out, x)                                                                                \
    do {                                                                                           \
        const u64 o0 = LPS_WORD(x, 0), o1 = LPS_WORD(x, 1), o2 = LPS_WORD(x, 2),                   \
                  o3 = LPS_WORD(x, 3);                                                             \
        const u64 o4 = LPS_WORD(x, 4), o5 = LPS_WORD(x, 5), o6 = LPS_WORD(x, 6),                   \
                  o7 = LPS_WORD(x, 7);                                                             \
        out##0 = o0, out##1 = o1, out##2 = o2, out##3 = o3;                                        \
        out##4 = o4, out##5 = o5, out##6 = o6, out##7 = o7;                                        \
    } while (0)

#define XOR8(out, a, b)                                                                            \
    do {                                                                                           \
        out##0 = a##0 ^ (b)[0], out##1 = a##1 ^ (b)[1], out##2 = a##2 ^ (b)[2];                    \
        out##3 = a##3 ^ (b)[3], out##4 = a##4 ^ (b)[4], out##5 = a##5 ^ (b)[5];                    \
        out##6 = a##6 ^ (b)[6], out##7 = a##7 ^ (b)[7];                                            \
    } while (0)

// The compression g_N(h, m) (standard, 7): h = E(LPS(h ^ N), m) ^ h ^ m, where E runs 12
// rounds t = LPS(t ^ K), K = LPS(K ^ C[round]) and adds the last K.
static void compress(u64 h[8], const u64 n[8], const u64 m[8])
{
    u64 k0 = h[0] ^ n[0], k1 = h[1] ^ n[1], k2 = h[2] ^ n[2], k3 = h[3] ^ n[3];
    u64 k4 = h[4] ^ n[4], k5 = h[5] ^ n[5], k6 = h[6] ^ n[6], k7 = h[7] ^ n[7];
    LPS(k, k);
    u64 t0 = m[0], t1 = m[1], t2 = m[2], t3 = m[3], t4 = m[4], t5 = m[5], t6 = m[6], t7 = m[7];
    for (int round = 0; round < 12; round++) {
        u64 x0, x1, x2, x3, x4, x5, x6, x7;
        x0 = t0 ^ k0, x1 = t1 ^ k1, x2 = t2 ^ k2, x3 = t3 ^ k3;
        x4 = t4 ^ k4, x5 = t5 ^ k5, x6 = t6 ^ k6, x7 = t7 ^ k7;
        LPS(t, x);
        XOR8(x, k, C[round]);
        LPS(k, x);
    }
    h[0] ^= t0 ^ k0 ^ m[0], h[1] ^= t1 ^ k1 ^ m[1], h[2] ^= t2 ^ k2 ^ m[2], h[3] ^= t3 ^ k3 ^ m[3];
    h[4] ^= t4 ^ k4 ^ m[4], h[5] ^= t5 ^ k5 ^ m[5], h[6] ^= t6 ^ k6 ^ m[6], h[7] ^= t7 ^ k7 ^ m[7];
}

// a += b mod 2^512 (little-endian words).
static void add512(u64 a[8], const u64 b[8])
{
    u64 carry = 0;
    for (int i = 0; i < 8; i++) {
        const u64 sum = a[i] + b[i];
        const u64 out = sum + carry;
        carry = (sum < a[i]) | (out < sum);
        a[i] = out;
    }
}

static void addLength(u64 bitCount)
{
    const u64 length[8] = { bitCount, 0, 0, 0, 0, 0, 0, 0 };
    add512(state.n, length);
}

static void loadBlock(u64 m[8], const u8* bytes)
{
    // WebAssembly is little-endian and allows unaligned loads.
    for (int i = 0; i < 8; i++)
        m[i] = ((const u64*)(const void*)bytes)[i];
}

// Stage 2 of the standard: one full block.
static void block(const u8* bytes)
{
    u64 m[8];
    loadBlock(m, bytes);
    compress(state.h, state.n, m);
    addLength(512);
    add512(state.sigma, m);
}

void streebog_init(u32 bits)
{
    if (!tableReady)
        buildTable();
    state.bits = bits == 256 ? 256 : 512;
    // The initial vector: 0x01 bytes for 256 bits, zero for 512.
    const u64 iv = state.bits == 256 ? 0x0101010101010101ull : 0;
    for (int i = 0; i < 8; i++) {
        state.h[i] = iv;
        state.n[i] = 0;
        state.sigma[i] = 0;
    }
    state.pendingLength = 0;
}

u8* streebog_buffer(void)
{
    return input;
}

void streebog_update(u32 length)
{
    if (length > STREEBOG_BUFFER)
        length = STREEBOG_BUFFER;
    const u8* bytes = input;
    if (state.pendingLength > 0) {
        while (length > 0 && state.pendingLength < BLOCK) {
            state.pending[state.pendingLength++] = *bytes++;
            length--;
        }
        if (state.pendingLength < BLOCK)
            return;
        block(state.pending);
        state.pendingLength = 0;
    }
    for (; length >= BLOCK; length -= BLOCK, bytes += BLOCK)
        block(bytes);
    while (length-- > 0)
        state.pending[state.pendingLength++] = *bytes++;
}

// Stage 3: the last, padded block (0x01 after the data, zeros up to the block: even when the
// data filled its last block), then the length and the sum.
u8* streebog_final(void)
{
    u8 last[BLOCK];
    for (u32 i = 0; i < BLOCK; i++)
        last[i] = i < state.pendingLength ? state.pending[i] : 0;
    last[state.pendingLength] = 1;
    u64 m[8];
    loadBlock(m, last);
    compress(state.h, state.n, m);
    addLength((u64)state.pendingLength * 8);
    add512(state.sigma, m);
    const u64 zero[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
    compress(state.h, zero, state.n);
    compress(state.h, zero, state.sigma);
    // 256 bits: the most significant half, i.e. the last 32 bytes in little-endian order.
    const int first = state.bits == 256 ? 4 : 0;
    for (int i = first; i < 8; i++) {
        for (int k = 0; k < 8; k++)
            digest[8 * (i - first) + k] = (u8)(state.h[i] >> (8 * k));
    }
    return digest;
}
