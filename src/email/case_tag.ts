/**
 * The case number as it travels in a subject: `[Case #42]` in English, `[工单 #42]` in
 * Chinese. Customers and their mail programs keep it when they reply ("Re: [Case #42] …"),
 * which joins a reply to its case even when the reply headers were lost.
 */
export function caseTag(caseId: number, language: "en" | "zh"): string {
  return language === "zh" ? `[工单 #${caseId}]` : `[Case #${caseId}]`;
}

const TAG = /\[\s*(?:case|ticket|工单)\s*#\s*(\d{1,12})\s*\]/i;

/** The case number tagged in a subject, in either language, or null. */
export function caseInSubject(subject: string): number | null {
  const match = TAG.exec(subject);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
