"""PyTorch peer of `hqml bench distill`: the quick config's 4-qubit student (qnn's peer,
plugins/qnn/bench/qnn_torch.py, whose folder is argv[1]) trained with the label cross-entropy
(baseline) and with Hinton's distillation loss against cached teacher logits (kd), as
plugins/distill/src/kdLoss.ts defines it:

    alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T)) + (1 - alpha) * CE(student, labels)

Modes, both printing one JSON object on stdout:
  check  (JSON on stdin): the student's logits, the KD loss and every gradient (float64, TF.js
         layout) for given weights, batch, labels and teacher logits.
  bench  (JSON as argv[3]): samples/s of the baseline and the KD step (forward, backward, Adam),
         timed interleaved in blocks as hqml's bench times them (a batch gathered from a 512-sample set per
         step, teacher logits looked up by row).
Used only by tests and benchmarks.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import qnn_torch  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def kd_loss(student, teacher, labels, temperature, alpha):
    log_pt = nn.functional.log_softmax(teacher.detach() / temperature, 1)
    log_ps = nn.functional.log_softmax(student / temperature, 1)
    kl = (log_pt.exp() * (log_pt - log_ps)).sum(1).mean()
    loss = alpha * temperature * temperature * kl
    if alpha < 1:
        loss = loss + (1 - alpha) * nn.functional.cross_entropy(student, labels)
    return loss


def check(req):
    b = len(req["y"])
    teacher = torch.tensor(req["teacher"], dtype=torch.float64).reshape(b, -1)
    return qnn_torch.check(req, lambda logits, y: kd_loss(logits, teacher, y, req["temperature"], req["alpha"]))


def bench(req):
    torch.set_num_threads(req.get("threads", 1))
    torch.manual_seed(0)
    spec, batch, n = req["spec"], req["batch"], req["samples"]
    x = torch.rand(n, spec["inputSize"])
    y = torch.randint(0, spec["classes"], (n,))
    teacher = torch.randn(n, spec["classes"])
    models = [qnn_torch.QuantumStudent(spec), qnn_torch.QuantumStudent(spec)]
    opts = [qnn_torch.make_optimizer(m, req["learningRate"]) for m in models]
    start = [0, 0]

    def step(which):
        def run():
            idx = (torch.arange(batch) + start[which]) % n
            start[which] += batch
            xb, yb = x[idx], y[idx]
            opts[which].zero_grad()
            logits = models[which](xb)
            if which == 0:
                loss = qnn_torch.cross_entropy(logits, yb)
            else:
                loss = kd_loss(logits, teacher[idx], yb, req["temperature"], req["alpha"])
            loss.backward()
            opts[which].step()
            return loss.item()
        return run

    base, kd = qnn_torch.time_interleaved([step(0), step(1)], req["warm"], req["reps"], req.get("block", 1))
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "baseline_samples_per_s": batch / base, "kd_samples_per_s": batch / kd}


def main():
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    if mode == "check":
        print(json.dumps(check(json.load(sys.stdin))))
    elif mode == "bench":
        print(json.dumps(bench(json.loads(sys.argv[3]))))
    else:
        sys.exit("usage: kd_torch.py QNN_BENCH_DIR check < request.json | kd_torch.py QNN_BENCH_DIR bench '<json>'")


if __name__ == "__main__":
    main()
