import { providerVitestConfig } from "../../scripts/lib/testing/provider-vitest-config.ts";

export default providerVitestConfig(import.meta.dirname);
