import { ApiError } from "../common/api_client.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";

/**
 * A refused save's reasons by field, in the admin's language; `fallback` names the field
 * that shows a refusal without issues. Errors other than the API's are thrown on.
 */
export function issuesByField(
  error: unknown,
  fallback: string,
  translate: (issue: Issue & { reason?: string }) => string | undefined = () => undefined,
): Record<string, string> {
  if (!(error instanceof ApiError)) throw error;
  const issues = (error.details as { issues?: (Issue & { reason?: string })[] } | null)?.issues ??
    [];
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path] ??= translate(issue) ?? fieldMessage(issue);
  return Object.keys(fields).length > 0 ? fields : { [fallback]: error.message };
}
