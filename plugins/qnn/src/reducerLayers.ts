import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, type Shape, initializers, layers } from '@tensorflow/tfjs-layers';
import { ValidationError, describeValue } from '@hqml/core';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** Arguments of {@link AdaptiveAvgPool}. */
export interface AdaptiveAvgPoolArgs extends LayerArgs {
  /** Output grid rows and columns. */
  readonly rows: number;
  readonly cols: number;
}

/**
 * Average pooling of an `H x W x C` image onto a `rows x cols` grid (PyTorch's AdaptiveAvgPool2d:
 * cell i covers rows floor(i*H/rows) .. ceil((i+1)*H/rows)), flattened to `rows*cols*C`
 * features in HWC order. It is a fixed linear map, applied as one matmul.
 */
export class AdaptiveAvgPool extends layers.Layer {
  static readonly className = 'HqmlAdaptiveAvgPool';
  readonly rows: number;
  readonly cols: number;
  private matrix: tf.Tensor2D | undefined;
  private inShape: [number, number, number] | undefined;

  constructor(args: AdaptiveAvgPoolArgs) {
    const { rows, cols, ...rest } = args;
    super(rest);
    for (const [k, v] of [['rows', rows], ['cols', cols]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValidationError({ what: `AdaptiveAvgPool ${k} is ${describeValue(v)}`, why: 'it must be a positive integer' });
    }
    this.rows = rows;
    this.cols = cols;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const [h, w, c] = s.slice(1) as [number, number, number];
    if (s.length !== 4 || this.rows > h || this.cols > w) {
      throw new ValidationError({ what: `AdaptiveAvgPool ${this.rows}x${this.cols} got input shape ${describeValue(s)}`, why: 'it pools [batch, height, width, channels] images onto a grid no larger than the image' });
    }
    this.inShape = [h, w, c];
    const m = new Float32Array(h * w * c * this.rows * this.cols * c);
    const outCols = this.rows * this.cols * c;
    for (let i = 0; i < this.rows; i++) {
      const r0 = Math.floor((i * h) / this.rows), r1 = Math.ceil(((i + 1) * h) / this.rows);
      for (let j = 0; j < this.cols; j++) {
        const c0 = Math.floor((j * w) / this.cols), c1 = Math.ceil(((j + 1) * w) / this.cols);
        const weight = 1 / ((r1 - r0) * (c1 - c0));
        for (let r = r0; r < r1; r++) for (let q = c0; q < c1; q++) for (let ch = 0; ch < c; ch++) {
          m[((r * w + q) * c + ch) * outCols + (i * this.cols + j) * c + ch] = weight;
        }
      }
    }
    this.matrix = tf.keep(tf.tensor2d(m, [h * w * c, outCols]));
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const c = s[3] as number;
    return [s[0] ?? null, this.rows * this.cols * c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    const [h, w, c] = this.inShape as [number, number, number];
    return tf.tidy(() => tf.matMul(tf.reshape(x, [-1, h * w * c]), this.matrix as tf.Tensor2D));
  }

  override dispose(): ReturnType<layers.Layer['dispose']> {
    this.matrix?.dispose();
    this.matrix = undefined;
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rows: this.rows, cols: this.cols };
  }
}
tf.serialization.registerClass(AdaptiveAvgPool);

/** Arguments of {@link LinearProjection}. */
export interface LinearProjectionArgs extends LayerArgs {
  /** Input features. */
  readonly inputSize: number;
  /** Output features. */
  readonly outputSize: number;
}

/**
 * A fixed (non-trainable) affine projection `(x - mean) @ components`, used for PCA: the mean and
 * the components are weights, so they are saved with the model, but the optimizer leaves them alone.
 */
export class LinearProjection extends layers.Layer {
  static readonly className = 'HqmlLinearProjection';
  readonly inputSize: number;
  readonly outputSize: number;
  private mean: LayerVariable | undefined;
  private components: LayerVariable | undefined;

  constructor(args: LinearProjectionArgs) {
    const { inputSize, outputSize, ...rest } = args;
    super(rest);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const f = s.slice(1).reduce((a: number, b) => a * (b as number), 1);
    if (f !== this.inputSize) {
      throw new ValidationError({ what: `LinearProjection got input shape ${describeValue(s)} (${f} features)`, why: `it was built for ${this.inputSize} features` });
    }
    this.mean = this.addWeight('mean', [this.inputSize], 'float32', initializers.zeros(), undefined, false);
    this.components = this.addWeight('components', [this.inputSize, this.outputSize], 'float32', initializers.zeros(), undefined, false);
    this.built = true;
  }

  /** Sets the projection (row-major `inputSize x outputSize` components). */
  setProjection(mean: Float32Array, components: Float32Array): void {
    if (!this.mean || !this.components) throw new ValidationError({ what: 'LinearProjection.setProjection before build', why: 'the weights do not exist yet', fix: 'Build the model first' });
    if (mean.length !== this.inputSize || components.length !== this.inputSize * this.outputSize) {
      throw new ValidationError({ what: `projection of ${mean.length} means and ${components.length} component values`, why: `expected ${this.inputSize} and ${this.inputSize * this.outputSize}` });
    }
    this.mean.write(tf.tensor1d(mean));
    this.components.write(tf.tensor2d(components, [this.inputSize, this.outputSize]));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [s[0] ?? null, this.outputSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    return tf.tidy(() => tf.matMul(tf.sub(tf.reshape(x, [-1, this.inputSize]), (this.mean as LayerVariable).read()), (this.components as LayerVariable).read() as tf.Tensor2D));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), inputSize: this.inputSize, outputSize: this.outputSize };
  }
}
tf.serialization.registerClass(LinearProjection);
