/** A counting semaphore without waiting: callers that find no slot queue the work elsewhere. */
export class AuditSlots {
  readonly #capacity: number;
  #used = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a whole number ≥ 1");
    this.#capacity = capacity;
  }

  tryAcquire(): boolean {
    if (this.#used >= this.#capacity) return false;
    this.#used += 1;
    return true;
  }

  release(): void {
    if (this.#used === 0) throw new Error("released a slot that was not held");
    this.#used -= 1;
  }

  get inUse(): number {
    return this.#used;
  }

  get free(): number {
    return this.#capacity - this.#used;
  }
}
