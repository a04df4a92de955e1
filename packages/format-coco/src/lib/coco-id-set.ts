/**
 * A set of non-negative integer ids, compact for the ids real files use (dense, from 0 or 1): a bit
 * per id below 2^27 (16 MiB at most, grown as needed), a Set for the rest. 4 M annotation ids cost
 * half a megabyte instead of a Set's hundred.
 */
export class IdSet {
  private bits = new Uint8Array(1024);
  private others: Set<number> | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    if (id >= 0 && id < BIT_LIMIT) {
      const byte = id >>> 3;
      return byte < this.bits.length && (this.bits[byte] & (1 << (id & 7))) !== 0;
    }
    return this.others?.has(id) ?? false;
  }

  /** Adds the id; false when it was already there. */
  add(id: number): boolean {
    if (id >= 0 && id < BIT_LIMIT) {
      const byte = id >>> 3;
      if (byte >= this.bits.length) {
        let n = this.bits.length;
        while (n <= byte) n *= 2;
        const grown = new Uint8Array(n);
        grown.set(this.bits);
        this.bits = grown;
      }
      const bit = 1 << (id & 7);
      if (this.bits[byte] & bit) return false;
      this.bits[byte] |= bit;
    } else {
      this.others ??= new Set();
      if (this.others.has(id)) return false;
      this.others.add(id);
    }
    this.count++;
    return true;
  }
}

const BIT_LIMIT = 2 ** 27;
