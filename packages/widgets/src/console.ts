// The staff console's script-tag entry, apart from the customer widgets' (their budget is untouched):
// <script type="module" src=".../widgets/console.js"></script> <billfront-console></billfront-console>
import { define } from "./base.ts";
import { BillfrontConsole } from "./console/billfront-console.ts";

define("billfront-console", BillfrontConsole);

export { BillfrontConsole };
export { ConsoleApi, type ConsoleAuth } from "./console/console-api.ts";
