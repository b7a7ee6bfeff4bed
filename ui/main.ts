/**
 * Entry point of the browser UI, bundled into `/assets/app.js` by
 * `scripts/bundle_ui.ts`. Picks the starting language and defines the
 * elements; the page shell's `<cc-app>` takes over from there.
 *
 * @module
 */

import { initLanguage } from "./common/i18n.ts";
import "./common/app.ts";

initLanguage();
