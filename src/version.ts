/** The appliance's release; shown by `/api/v1/health`, `--version` and the UI footer. */
export const VERSION = "0.1.0";
