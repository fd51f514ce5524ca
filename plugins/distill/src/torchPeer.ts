import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TORCH_PEER_SCRIPT } from '@hqml/qnn';
import { type TorchPeerOptions, runTorchPeer } from '@hqml/tfjs-models';

/**
 * The PyTorch peer of the distillation step (bench/kd_torch.py): qnn's TorchQuantum-style
 * student ({@link TORCH_PEER_SCRIPT}) with the baseline and Hinton's loss as {@link kdLoss}
 * defines them. Runs `mode` (`check` or `bench`, see the script) with the qnn peer's folder on
 * its path; undefined when no Python with torch is installed.
 */
export function runKdTorchPeer<T>(mode: 'check' | 'bench', args: readonly string[], options: TorchPeerOptions = {}): Promise<T | undefined> {
  const script = fileURLToPath(new URL('../bench/kd_torch.py', import.meta.url));
  return runTorchPeer<T>(script, [dirname(fileURLToPath(TORCH_PEER_SCRIPT)), mode, ...args], options);
}
