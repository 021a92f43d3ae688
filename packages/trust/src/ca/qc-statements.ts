// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/x509';

/*
 * The qcStatements extension (RFC 3739 §3.2.6, ETSI EN 319 412-5). No installed library ships
 * these types, so they are declared here with @peculiar/asn1-schema. Its decorators are
 * applied as plain calls: Node runs TypeScript by erasing types and cannot run `@decorator`
 * syntax, and the decorators are ordinary functions of (prototype, property).
 */

export const QC_OID = {
  /** id-pe-qcStatements */
  qcStatements: '1.3.6.1.5.5.7.1.3',
  /** id-qcs-pkixQCSyntax-v2: carries SemanticsInformation (ETSI EN 319 412-1 §5.1). */
  pkixQcSyntaxV2: '1.3.6.1.5.5.7.11.2',
  /** id-etsi-qcs-semanticsId-Natural: the subject serialNumber is "PNO" + country + "-" + code. */
  semanticsIdNatural: '0.4.0.194121.1.1',
  /** id-etsi-qcs-QcCompliance: an EU qualified certificate. */
  qcCompliance: '0.4.0.1862.1.1',
  /** id-etsi-qcs-QcSSCD: the private key sits in a qualified signature creation device (the card chip). */
  qcSscd: '0.4.0.1862.1.4',
  /** id-etsi-qcs-QcType */
  qcType: '0.4.0.1862.1.6',
  /** id-etsi-qct-esign: certificate for electronic signatures (of natural persons). */
  qcTypeEsign: '0.4.0.1862.1.6.1',
} as const;

/** QCStatement ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL } */
export class QcStatement {
  statementId = '';
  statementInfo: ArrayBuffer | undefined = undefined;
  constructor(statementId = '', statementInfo?: ArrayBuffer) {
    this.statementId = statementId;
    this.statementInfo = statementInfo;
  }
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(QcStatement.prototype, 'statementId');
AsnProp({ type: AsnPropTypes.Any, optional: true })(QcStatement.prototype, 'statementInfo');

/** QCStatements ::= SEQUENCE OF QCStatement */
export class QcStatements extends AsnArray<QcStatement> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: QcStatement })(QcStatements);

/** SemanticsInformation ::= SEQUENCE { semanticsIdentifier OBJECT IDENTIFIER OPTIONAL, nameRegistrationAuthorities … OPTIONAL } */
export class SemanticsInformation {
  semanticsIdentifier: string | undefined = undefined;
  constructor(semanticsIdentifier?: string) {
    this.semanticsIdentifier = semanticsIdentifier;
  }
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true })(SemanticsInformation.prototype, 'semanticsIdentifier');

/** QcType ::= SEQUENCE OF OBJECT IDENTIFIER */
export class QcTypes extends AsnArray<string> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.ObjectIdentifier })(QcTypes);

export interface QcStatementsInput {
  /** Natural-person semantics identifier for the subject serialNumber (ETSI EN 319 412-1). */
  naturalPersonSemantics?: boolean;
  /** EU qualified certificate. */
  qcCompliance?: boolean;
  /** Key held in a QSCD. */
  qcSscd?: boolean;
  /** QcType values, e.g. QC_OID.qcTypeEsign. */
  qcTypes?: string[];
}

/** Builds the non-critical qcStatements extension (ETSI EN 319 412-5 §4.1: it shall not be critical). */
export function qcStatementsExtension(input: QcStatementsInput): Extension {
  const statements = new QcStatements();
  if (input.naturalPersonSemantics) {
    statements.push(new QcStatement(QC_OID.pkixQcSyntaxV2, AsnConvert.serialize(new SemanticsInformation(QC_OID.semanticsIdNatural))));
  }
  if (input.qcCompliance) statements.push(new QcStatement(QC_OID.qcCompliance));
  if (input.qcSscd) statements.push(new QcStatement(QC_OID.qcSscd));
  if (input.qcTypes?.length) statements.push(new QcStatement(QC_OID.qcType, AsnConvert.serialize(new QcTypes(input.qcTypes))));
  return new Extension(QC_OID.qcStatements, false, AsnConvert.serialize(statements));
}

/** Reads the statement OIDs (and QcType values) back, for checks and for the OCSP/validation side. */
export function readQcStatements(extensionValue: BufferSource): { statementIds: string[]; qcTypes: string[]; semanticsIdentifiers: string[] } {
  const statements = AsnConvert.parse(extensionValue, QcStatements);
  const qcTypes: string[] = [];
  const semanticsIdentifiers: string[] = [];
  for (const statement of statements) {
    if (statement.statementId === QC_OID.qcType && statement.statementInfo) {
      qcTypes.push(...AsnConvert.parse(statement.statementInfo, QcTypes));
    }
    if (statement.statementId === QC_OID.pkixQcSyntaxV2 && statement.statementInfo) {
      const id = AsnConvert.parse(statement.statementInfo, SemanticsInformation).semanticsIdentifier;
      if (id) semanticsIdentifiers.push(id);
    }
  }
  return { statementIds: Array.from(statements, (s) => s.statementId), qcTypes, semanticsIdentifiers };
}
