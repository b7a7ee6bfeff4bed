import { type MessageKey, t } from "../../common/i18n.ts";

/** The name of a node type in the UI language (the type itself for one this UI does not know). */
export function typeLabel(type: string): string {
  const key = `flows.type.${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
}

/** The name of a node parameter in the UI language (the parameter itself for one this UI does not know). */
export function fieldLabel(name: string): string {
  const key = `flows.field.${name}` as MessageKey;
  const text = t(key);
  return text === key ? name : text;
}
