/** The mean of a sequence of equally long vectors, updated in place one vector at a time. */
export class RunningAverage {
  readonly mean: Float32Array;
  count = 0;

  constructor(length: number) {
    this.mean = new Float32Array(length);
  }

  add(values: Float32Array): void {
    if (values.length !== this.mean.length) {
      throw new RangeError(`expected ${this.mean.length} values, got ${values.length}`);
    }
    this.count += 1;
    if (this.count === 1) {
      this.mean.set(values);
      return;
    }
    const { mean } = this;
    const share = 1 / this.count;
    for (let i = 0; i < mean.length; i++) {
      mean[i] = (mean[i] as number) + ((values[i] as number) - (mean[i] as number)) * share;
    }
  }
}
