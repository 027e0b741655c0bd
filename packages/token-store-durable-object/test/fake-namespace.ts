/**
 * An in-process stand-in for a Durable Object namespace binding, for unit tests under Node: one
 * TokenStoreObject per name with a structured-cloning key-value storage and an alarm slot, requests
 * held until the object's blockConcurrencyWhile start-up finished, and `evict` to drop an instance
 * (its storage stays) the way the runtime evicts an idle object.
 */
import type { DurableObjectNamespaceLike, DurableObjectStorageLike, DurableObjectStubLike } from "../src/index.ts";
import { TokenStoreObject } from "../src/index.ts";

/** Key-value storage with an alarm, cloning values like the runtime's storage does. */
export class FakeStorage implements DurableObjectStorageLike {
  readonly data = new Map<string, unknown>();
  alarm: number | null = null;

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return structuredClone(this.data.get(key)) as T | undefined;
  }
  async put<T>(key: string, value: T): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
  async delete(key: string): Promise<boolean> {
    return this.data.delete(key);
  }
  async deleteAll(): Promise<void> {
    this.data.clear();
  }
  async setAlarm(scheduledTime: number): Promise<void> {
    this.alarm = scheduledTime;
  }
  async deleteAlarm(): Promise<void> {
    this.alarm = null;
  }
}

interface FakeObject {
  storage: FakeStorage;
  instance: TokenStoreObject | undefined;
  ready: Promise<unknown>;
}

/** An opaque id, as `idFromName` returns. */
export interface FakeId {
  readonly name: string;
}

/** A namespace binding over in-process objects. */
export class FakeNamespace implements DurableObjectNamespaceLike<FakeId> {
  readonly objects = new Map<string, FakeObject>();
  /** Every name `idFromName` was called with. */
  readonly names: string[] = [];

  idFromName(name: string): FakeId {
    this.names.push(name);
    return { name };
  }

  get(id: FakeId): DurableObjectStubLike {
    return {
      fetch: async (input, init) => {
        const object = this.#instance(id.name);
        await object.ready;
        return (object.instance as TokenStoreObject).fetch(new Request(input, init));
      },
    };
  }

  /** The storage of the object named `name` (created empty if it never ran). */
  storage(name: string): FakeStorage {
    return this.#object(name).storage;
  }

  /** Drops the object's instance; its storage and alarm stay, as when the runtime evicts an idle object. */
  evict(name: string): void {
    this.#object(name).instance = undefined;
  }

  /** Runs the alarm of every object whose alarm time has come (`now`), as the runtime would. */
  async runDueAlarms(now: number): Promise<number> {
    let ran = 0;
    for (const name of this.objects.keys()) {
      const object = this.#object(name);
      if (object.storage.alarm === null || object.storage.alarm > now) continue;
      object.storage.alarm = null;
      const instance = this.#instance(name);
      await instance.ready;
      await (instance.instance as TokenStoreObject).alarm();
      ran++;
    }
    return ran;
  }

  #object(name: string): FakeObject {
    let object = this.objects.get(name);
    if (!object) {
      object = { storage: new FakeStorage(), instance: undefined, ready: Promise.resolve() };
      this.objects.set(name, object);
    }
    return object;
  }

  #instance(name: string): FakeObject {
    const object = this.#object(name);
    if (!object.instance) {
      const storage = object.storage;
      object.instance = new TokenStoreObject({
        storage,
        blockConcurrencyWhile: (callback) => {
          const result = callback();
          object.ready = result;
          return result;
        },
      });
    }
    return object;
  }
}

/** A namespace whose every stub answers with `answer` (or throws what it throws): a misbehaving object. */
export function answeringNamespace(answer: () => Response | Promise<Response>): DurableObjectNamespaceLike<string> {
  return {
    idFromName: (name) => name,
    get: () => ({ fetch: async () => answer() }),
  };
}
