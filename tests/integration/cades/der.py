"""Just enough DER for the long-term signature tests: walk a SignedData, pick a SignerInfo's
signature value and unsigned attributes, and find a TimeStampReq's nonce."""


def tlv(data, offset=0):
    """(tag, header length, content length) of the element at offset."""
    tag = data[offset]
    length = data[offset + 1]
    header = 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[offset + 2:offset + 2 + count], "big")
        header += count
    return tag, header, length


def children(data):
    """The (tag, whole encoding, content) of each element in a constructed value's content."""
    out, offset = [], 0
    while offset < len(data):
        tag, header, length = tlv(data, offset)
        out.append((tag, data[offset:offset + header + length],
                    data[offset + header:offset + header + length]))
        offset += header + length
    return out


def content(element):
    _, header, length = tlv(element)
    return element[header:header + length]


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([parts[0] * 40 + parts[1]])
    for value in parts[2:]:
        chunk = [value & 0x7F]
        value >>= 7
        while value:
            chunk.append(0x80 | (value & 0x7F))
            value >>= 7
        body.extend(reversed(chunk))
    return bytes([0x06, len(body)]) + bytes(body)


def signer_infos(cms):
    signed_data = content(children(content(cms))[1][2])  # ContentInfo [0] -> SignedData
    return [whole for _, whole, _ in children(children(signed_data)[-1][2])]


def signature_value(signer_info):
    return [c for tag, _, c in children(content(signer_info)) if tag == 0x04][0]


def unsigned_attributes(signer_info):
    """[(oid encoding, value encoding, whole attribute encoding)] in order."""
    for tag, _, inner in children(content(signer_info)):
        if tag == 0xA1:
            out = []
            for _, whole, attribute in children(inner):
                type_, values = children(attribute)
                out.append((type_[1], children(values[2])[0][1], whole))
            return out
    return []


def attribute_value(signer_info, dotted):
    found = [value for type_, value, _ in unsigned_attributes(signer_info) if type_ == oid(dotted)]
    return found[0] if found else None


def flip_nonce(query):
    """A TimeStampReq with the last byte of its nonce changed (same imprint)."""
    fields = children(content(query))
    for tag, whole, _ in fields[2:]:
        if tag == 0x02:
            start = query.index(whole)
            end = start + len(whole) - 1
            return query[:end] + bytes([query[end] ^ 0x01]) + query[end + 1:]
    raise ValueError("no nonce")
