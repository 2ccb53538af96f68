/**
 * Fabric CA's registrar rules (fabric-ca `lib/attr/attribute.go`, `serverrequestcontext.go`): a registrar is
 * an identity with a non-empty `hf.Registrar.Roles`; it acts on identities whose type is in that list (or
 * `*`); it registers an attribute only when `hf.Registrar.Attributes` names it (exactly or with a trailing
 * `*`), a boolean `hf.*` attribute only when it holds it as true, a list `hf.*` attribute only with values it
 * holds itself; `hf.EnrollmentID`, `hf.Type` and `hf.Affiliation` are the CA's to set. Every identity of a
 * devnet CA sits at the root affiliation.
 */
import type { CaAttribute, IdentityRecord } from './registry';

export const Attr = {
  Roles: 'hf.Registrar.Roles',
  DelegateRoles: 'hf.Registrar.DelegateRoles',
  RegistrarAttributes: 'hf.Registrar.Attributes',
  Revoker: 'hf.Revoker',
  IntermediateCA: 'hf.IntermediateCA',
  GenCRL: 'hf.GenCRL',
  AffiliationMgr: 'hf.AffiliationMgr',
  EnrollmentID: 'hf.EnrollmentID',
  Type: 'hf.Type',
  Affiliation: 'hf.Affiliation',
} as const;

const BOOLEAN_ATTRIBUTES: readonly string[] = [Attr.Revoker, Attr.IntermediateCA, Attr.GenCRL, Attr.AffiliationMgr];
const LIST_ATTRIBUTES: readonly string[] = [Attr.Roles, Attr.DelegateRoles, Attr.RegistrarAttributes];
const FIXED_ATTRIBUTES: readonly string[] = [Attr.EnrollmentID, Attr.Type, Attr.Affiliation];

export function attributeValue(identity: IdentityRecord, name: string): string | undefined {
  return identity.attrs.find((a) => a.name === name)?.value;
}

/** True when the identity holds a boolean attribute as true (`true`, `1`, `t`… as Go's ParseBool). */
export function attributeIsTrue(identity: IdentityRecord, name: string): boolean {
  return parseBool(attributeValue(identity, name)) === true;
}

/** A registrar holds a non-empty `hf.Registrar.Roles`. */
export function isRegistrar(identity: IdentityRecord): boolean {
  return list(attributeValue(identity, Attr.Roles)).length > 0;
}

/** Why `caller` may not act on identities of `type`, or undefined when it may. */
export function cannotActOnType(caller: IdentityRecord, type: string): string | undefined {
  const roles = list(attributeValue(caller, Attr.Roles));
  if (roles.length === 0) {
    return `'${caller.id}' is not a registrar`;
  }
  const wanted = (type === '' ? 'client' : type).toLowerCase();
  if (roles.includes('*') || roles.some((r) => r.toLowerCase() === wanted)) {
    return undefined;
  }
  return `Registrar '${caller.id}' does not have authority to act on type '${type}'`;
}

/** Why `registrar` may not register these attributes, or undefined when it may. */
export function cannotRegisterAttributes(
  registrar: IdentityRecord,
  requested: readonly CaAttribute[],
): string | undefined {
  if (requested.length === 0) {
    return undefined;
  }
  const allowed = list(attributeValue(registrar, Attr.RegistrarAttributes));
  if (allowed.length === 0) {
    return `Registrar does not have any values for '${Attr.RegistrarAttributes}' thus can't register any attributes`;
  }
  for (const attribute of requested) {
    if (!nameAllowed(attribute.name, allowed)) {
      return `Attribute '${attribute.name}' is not part of caller's '${Attr.RegistrarAttributes}' attribute list`;
    }
    if (FIXED_ATTRIBUTES.includes(attribute.name)) {
      return `Cannot register fixed value attribute '${attribute.name}'`;
    }
    if (BOOLEAN_ATTRIBUTES.includes(attribute.name)) {
      if (!attributeIsTrue(registrar, attribute.name)) {
        return `Caller has a value of 'false' for boolean attribute '${attribute.name}'`;
      }
      if (attribute.value !== '' && parseBool(attribute.value) === undefined) {
        return `Failed to get boolean value of '${attribute.value}'`;
      }
    } else if (LIST_ATTRIBUTES.includes(attribute.name)) {
      const problem = listNotDelegable(registrar, attribute, allowed);
      if (problem !== undefined) return problem;
    } else if (attribute.name.startsWith('hf.')) {
      return `Registering attribute '${attribute.name}' using a reserved prefix 'hf.', however this not a supported reserved attribute`;
    }
  }
  return undefined;
}

function listNotDelegable(
  registrar: IdentityRecord,
  attribute: CaAttribute,
  allowed: readonly string[],
): string | undefined {
  const values = list(attribute.value);
  if (attribute.name === Attr.RegistrarAttributes) {
    const missing = values.find((v) => !nameAllowed(v, allowed));
    return missing === undefined ? undefined : `'${missing}' is not part of caller's '${Attr.RegistrarAttributes}'`;
  }
  const held = list(attributeValue(registrar, attribute.name));
  if (held.includes('*')) {
    return undefined;
  }
  const missing = values.find((v) => !held.some((h) => h.toLowerCase() === v.toLowerCase()));
  return missing === undefined
    ? undefined
    : `The requested values for attribute '${attribute.name}' is a superset of the caller's attribute value`;
}

function nameAllowed(name: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.endsWith('*') ? name.startsWith(a.replace(/\*+$/, '')) : a === name));
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function parseBool(value: string | undefined): boolean | undefined {
  switch (value) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
    default:
      return undefined;
  }
}
