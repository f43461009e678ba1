// KEY AGREEMENT (docs/vtoken.md "Key agreement", ours): KEG of an on-card key pair with the
// sender's ephemeral public key, for decrypting CMS EnvelopedData. The answer is the agreed secret
// only; the private scalar stays in the card's store.
#include "BerTlv.hpp"
#include "Card.hpp"
#include "CardCrypto.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"

namespace tokenbridge::vtoken
{

namespace
{

    constexpr uint8_t KIND_KEY_PAIR = 0x01;
    constexpr uint8_t TAG_PEER_PUBLIC = 0x85; // X_le || Y_le, as GENERATE KEY PAIR's 86
    constexpr uint8_t TAG_UKM = 0x81;

    void require(bool condition, uint16_t statusWord)
    {
        if (!condition) {
            throw CardError(statusWord);
        }
    }

    const Bytes* field(const std::vector<ber::Field>& fields, uint8_t tag)
    {
        for (const auto& f : fields) {
            if (f.tag == tag) {
                return &f.value;
            }
        }
        return nullptr;
    }

    // 80 86 00 ref, data 85 peer-public 81 UKM(32) -> the 64-byte KEG. Needs the user PIN; an FKN
    // key only inside the FKN channel (its ephemeral key and the answer then travel encrypted).
    ResponseApdu keyAgreement(Card& card, const CommandApdu& apdu)
    {
        require((card.model().features & FEATURE_CORE) != 0, sw::INS_NOT_SUPPORTED);
        require(apdu.p1 == 0x00, sw::WRONG_P1P2);
        require(card.session().userAuthenticated(), sw::SECURITY_NOT_SATISFIED);
        const auto fields = ber::parse(apdu.data);
        require(fields.has_value(), sw::WRONG_DATA);
        const Bytes* peer = field(*fields, TAG_PEER_PUBLIC);
        const Bytes* ukm = field(*fields, TAG_UKM);
        require(peer != nullptr && ukm != nullptr, sw::WRONG_DATA);
        for (const auto& object : card.state().keys) {
            if (object.at("ref").get<int>() != apdu.p2
                || object.at("kind").get<uint8_t>() != KIND_KEY_PAIR) {
                continue;
            }
            require(!object.value("fkn", false) || card.session().fknProtected,
                sw::SECURITY_NOT_SATISFIED);
            const auto algorithm = object.at("algorithm").get<uint8_t>();
            return ResponseApdu {
                agreeKeg(algorithm, fromHex(object.at("params").get<std::string>()),
                    fromHex(object.at("private").get<std::string>()), *peer, *ukm),
                sw::OK
            };
        }
        throw CardError(sw::DATA_NOT_FOUND);
    }

} // namespace

void addKeyAgreementCommands(CommandTable& table)
{
    table.add({ 0x80, 0x86, keyAgreement, false });
}

} // namespace tokenbridge::vtoken
