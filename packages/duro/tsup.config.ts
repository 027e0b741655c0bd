export { default } from "../../scripts/build/tsup-config.ts";
