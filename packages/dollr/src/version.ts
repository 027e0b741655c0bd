/** This package's version for the `x-scope-sdk` / `User-Agent` header: its package.json version, defined at build time. */
declare const __SCOPE_PACKAGE_VERSION__: string | undefined;

/** The product token this package sends, e.g. `scope-dollr/0.3.0`. */
export const SDK_PRODUCT = `scope-dollr/${typeof __SCOPE_PACKAGE_VERSION__ === "string" ? __SCOPE_PACKAGE_VERSION__ : "0.0.0-dev"}`;
