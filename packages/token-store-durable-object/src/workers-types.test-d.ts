/**
 * The runtime's own types fit this package's structural ones: a Worker typed with
 * @cloudflare/workers-types (or wrangler's generated types) passes its binding and its object state
 * without a cast.
 */
import type {
  DurableObjectNamespace,
  DurableObjectState,
  DurableObjectStorage,
  DurableObjectStub,
} from "@cloudflare/workers-types/index.ts";
import { describe, expectTypeOf, it } from "vitest";
import {
  createDurableObjectTokenStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  type DurableObjectStubLike,
  type DurableObjectTokenStore,
  TokenStoreObject,
} from "./index.ts";

describe("@cloudflare/workers-types fit the structural types", () => {
  it("accepts the namespace binding, the object state and their parts", () => {
    expectTypeOf<DurableObjectNamespace>().toExtend<
      DurableObjectNamespaceLike<ReturnType<DurableObjectNamespace["idFromName"]>>
    >();
    expectTypeOf<DurableObjectStub>().toExtend<DurableObjectStubLike>();
    expectTypeOf<DurableObjectStorage>().toExtend<DurableObjectStorageLike>();
    expectTypeOf<DurableObjectState>().toExtend<DurableObjectStateLike>();
  });

  it("lets a Worker pass env.TOKEN_STORE and the object's ctx without a cast", () => {
    const worker = (env: { TOKEN_STORE: DurableObjectNamespace }, ctx: DurableObjectState) => ({
      store: createDurableObjectTokenStore(env.TOKEN_STORE),
      object: new TokenStoreObject(ctx, env),
    });
    expectTypeOf(worker).returns.toEqualTypeOf<{ store: DurableObjectTokenStore; object: TokenStoreObject }>();
  });
});
