"""PyTorch peer of hqml's quantum student, written the way TorchQuantum writes one: the batch of
statevectors is one complex tensor of shape [B, 2, ..., 2], every gate is a (batched) matmul on
the qubit axes it acts on, and autograd differentiates through all of it.

The student is hqml's (plugins/qnn/src/student.ts): a dense reducer (784 -> F), the encoding
(`angle`: RY(pi*tanh(x_q)) on qubit q; `amplitude`: x / sqrt(|x|^2 + 1e-12) as the amplitudes),
`layers` hardware-efficient layers (RY(theta), RZ(theta) on every qubit, then a CNOT ring
q -> q+1), the readout (`z`: <Z_q>; `probabilities`: the 2^Q basis-state probabilities; qubit 0 is
the least significant bit), and a linear head. Adam as hqml's (epsilon 1e-7).

Two modes, both printing one JSON object on stdout:
  check  (JSON on stdin): given hqml's weights (TF.js layout, kernels [in, out]), a batch and the
         labels, prints the logits, the loss and the gradient of every weight (TF.js layout), in
         float64, so a test can hold them against hqml's.
  bench  (JSON as argv[2]): samples/s of a full training step (forward, backward, Adam) per case.
Used only by tests and benchmarks; hqml itself never imports torch.
"""
import json
import math
import statistics
import sys
import time

import torch
from torch import nn

CNOT = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]


def ry_matrix(theta, cdtype):
    """RY(theta) for theta of any shape: [..., 2, 2]."""
    c, s = torch.cos(theta / 2), torch.sin(theta / 2)
    return torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2).to(cdtype)


def rz_matrix(theta, cdtype):
    """RZ(theta) = diag(e^{-i theta/2}, e^{i theta/2}): [..., 2, 2]."""
    e = torch.exp(-0.5j * theta.to(cdtype))
    z = torch.zeros_like(e)
    return torch.stack([torch.stack([e, z], -1), torch.stack([z, e.conj()], -1)], -2)


def apply_1q(state, matrix, qubit, n):
    """Applies a 2x2 gate (one per sample if matrix is [B, 2, 2]) to `qubit` of state [B, 2, ..., 2]."""
    axis = n - qubit  # the last axis is qubit 0 (qubit 0 = least significant bit of the index)
    s = state.movedim(axis, -1)
    shape = s.shape
    s = s.reshape(shape[0], -1, 2)
    s = torch.matmul(s, matrix.transpose(-1, -2))
    return s.reshape(shape).movedim(-1, axis)


def apply_2q(state, matrix, q0, q1, n):
    """Applies a 4x4 gate to qubits (q0, q1) (q0 the high bit of the 4x4 index)."""
    a0, a1 = n - q0, n - q1
    s = state.movedim((a0, a1), (-2, -1))
    shape = s.shape
    s = s.reshape(shape[0], -1, 4)
    s = torch.matmul(s, matrix.transpose(-1, -2))
    return s.reshape(shape).movedim((-2, -1), (a0, a1))


class QuantumStudent(nn.Module):
    """hqml's quantum student (see the module docstring) with a hardware-efficient ansatz."""

    def __init__(self, spec, dtype=torch.float32):
        super().__init__()
        self.n = n = spec["qubits"]
        self.encoding = spec["encoding"]
        self.readout = spec["readout"]
        self.layers = spec["layers"]
        self.dtype = dtype
        self.cdtype = torch.complex128 if dtype == torch.float64 else torch.complex64
        features = 2 ** n if self.encoding == "amplitude" else n
        outputs = 2 ** n if self.readout == "probabilities" else n
        self.reducer = nn.Linear(spec["inputSize"], features, dtype=dtype)
        self.theta = nn.Parameter(torch.rand(2 * n * self.layers, dtype=dtype) * 2 * math.pi)
        self.head = nn.Linear(outputs, spec["classes"], dtype=dtype)
        idx = torch.arange(2 ** n)
        # <Z_q> = sum_k p_k (1 - 2 bit_q(k))
        self.register_buffer("zsign", torch.stack([1 - 2 * ((idx >> q) & 1) for q in range(n)], 1).to(dtype))
        self.register_buffer("cnot", torch.tensor(CNOT, dtype=self.cdtype))

    def circuit(self, features):
        n, b = self.n, features.shape[0]
        if self.encoding == "amplitude":
            amps = features / torch.sqrt((features * features).sum(1, keepdim=True) + 1e-12)
            state = amps.to(self.cdtype).reshape([b] + [2] * n)
        else:
            state = torch.zeros(b, 2 ** n, dtype=self.cdtype, device=features.device)
            state[:, 0] = 1
            state = state.reshape([b] + [2] * n)
            angles = math.pi * torch.tanh(features)
            enc = ry_matrix(angles, self.cdtype)  # [B, Q, 2, 2]
            for q in range(n):
                state = apply_1q(state, enc[:, q], q, n)
        ry, rz = ry_matrix(self.theta, self.cdtype), rz_matrix(self.theta, self.cdtype)
        k = 0
        for _ in range(self.layers):
            for q in range(n):
                state = apply_1q(state, ry[k], q, n)
                state = apply_1q(state, rz[k + 1], q, n)
                k += 2
            if n >= 2:
                for q in range(1 if n == 2 else n):
                    state = apply_2q(state, self.cnot, q, (q + 1) % n, n)
        probs = (state.abs() ** 2).reshape(b, 2 ** n)
        return probs if self.readout == "probabilities" else probs @ self.zsign

    def forward(self, x):
        return self.head(self.circuit(self.reducer(x.flatten(1))))

    def load_tfjs(self, w):
        """Weights in TF.js layout (kernels [in, out], flat row-major lists)."""
        with torch.no_grad():
            r, h = self.reducer.weight, self.head.weight
            r.copy_(torch.tensor(w["reducer_kernel"], dtype=self.dtype).reshape(r.shape[1], r.shape[0]).T)
            self.reducer.bias.copy_(torch.tensor(w["reducer_bias"], dtype=self.dtype))
            self.theta.copy_(torch.tensor(w["theta"], dtype=self.dtype))
            h.copy_(torch.tensor(w["head_kernel"], dtype=self.dtype).reshape(h.shape[1], h.shape[0]).T)
            self.head.bias.copy_(torch.tensor(w["head_bias"], dtype=self.dtype))

    def grads_tfjs(self):
        """Gradients in TF.js layout, as flat lists."""
        return {
            "reducer_kernel": self.reducer.weight.grad.T.reshape(-1).tolist(),
            "reducer_bias": self.reducer.bias.grad.tolist(),
            "theta": self.theta.grad.tolist(),
            "head_kernel": self.head.weight.grad.T.reshape(-1).tolist(),
            "head_bias": self.head.bias.grad.tolist(),
        }


def cross_entropy(logits, labels):
    return nn.functional.cross_entropy(logits, labels)


def make_optimizer(model, lr):
    return torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)


def time_interleaved(steps, warm, reps, block=1):
    """Median seconds of each step after `warm` rounds, run in turn as hqml's benches run theirs:
    one step each (A, B, A, B, ...) with block 1, else blocks of `block` consecutive steps in
    ABBA order (A x block, B x block, B x block, A x block, ...)."""
    for _ in range(warm):
        for s in steps:
            s()
    times = [[] for _ in steps]
    for i in range(0, reps, block):
        order = list(enumerate(steps))
        if block > 1 and (i // block) % 2:
            order.reverse()
        for k, s in order:
            for _ in range(i, min(reps, i + block)):
                t0 = time.perf_counter()
                s()
                times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def check(req, loss_fn=None):
    """Forward and backward in float64 with the given weights; loss_fn(logits, req) defaults to cross-entropy."""
    torch.set_num_threads(1)
    model = QuantumStudent(req["spec"], torch.float64)
    model.load_tfjs(req["weights"])
    b = len(req["y"])
    x = torch.tensor(req["x"], dtype=torch.float64).reshape(b, -1)
    y = torch.tensor(req["y"], dtype=torch.long)
    logits = model(x)
    loss = loss_fn(logits, y) if loss_fn else cross_entropy(logits, y)
    loss.backward()
    return {"torch": torch.__version__, "logits": logits.detach().reshape(-1).tolist(), "loss": loss.item(), "grads": model.grads_tfjs()}


def bench(req):
    """Training samples/s of each case {qubits, batch}: one step = forward, backward, Adam, loss.item()."""
    torch.set_num_threads(req.get("threads", 1))
    torch.manual_seed(0)
    out = []
    for case in req["cases"]:
        spec = {**req["spec"], "qubits": case["qubits"]}
        model = QuantumStudent(spec)
        opt = make_optimizer(model, req.get("learningRate", 1e-3))
        b = case["batch"]
        x = torch.rand(b, spec["inputSize"])
        y = torch.randint(0, spec["classes"], (b,))

        def step():
            opt.zero_grad()
            loss = cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        (sec,) = time_interleaved([step], req["warm"], req["reps"])
        out.append({**case, "samples_per_s": b / sec})
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": out}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "check":
        print(json.dumps(check(json.load(sys.stdin))))
    elif mode == "bench":
        print(json.dumps(bench(json.loads(sys.argv[2]))))
    else:
        sys.exit("usage: qnn_torch.py check < request.json | qnn_torch.py bench '<json>'")


if __name__ == "__main__":
    main()
