// SPDX-License-Identifier: Apache-2.0
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { Attribute } from '@peculiar/asn1-cms';

/** SignedAttributes as a bare SET OF Attribute: the encoding the CMS signature covers (RFC 5652 §5.4). */
class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

/**
 * DER requires SET OF members in ascending order of their encodings. The serializer keeps array
 * order, and verifiers such as OpenSSL re-encode the attributes before checking the signature, so
 * an unsorted set would fail verification elsewhere even though our own bytes look fine.
 */
export function sortAttributes(attributes: Attribute[]): Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: Buffer.from(AsnConvert.serialize(attribute)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ attribute }) => attribute);
}

/**
 * The bytes the signature covers: the attributes, in the order given, under a universal SET tag.
 * Signing passes the sorted list. Verification passes the list as parsed, in received order: each
 * attribute value is kept as raw bytes, so this reproduces what the producer signed (the parser's
 * `signedAttrsRaw` is not filled in for SET OF fields, so it cannot be used instead).
 */
export function encodeSignedAttributes(attributes: Attribute[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(AsnConvert.serialize(new AttributeSet(attributes)));
}
