/** Example OpenQASM 2 programs offered in the page. */
export const EXAMPLES: Readonly<Record<string, string>> = Object.freeze({
  'Bell pair': `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
h q[0];
cx q[0],q[1];
`,
  'GHZ, 5 qubits': `OPENQASM 2.0;
include "qelib1.inc";
qreg q[5];
creg c[5];
h q[0];
cx q[0],q[1];
cx q[1],q[2];
cx q[2],q[3];
cx q[3],q[4];
measure q -> c;
`,
  'QFT of |0101>': `OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
x q[0];
x q[2];
h q[3];
cu1(pi/2) q[2],q[3];
cu1(pi/4) q[1],q[3];
cu1(pi/8) q[0],q[3];
h q[2];
cu1(pi/2) q[1],q[2];
cu1(pi/4) q[0],q[2];
h q[1];
cu1(pi/2) q[0],q[1];
h q[0];
swap q[0],q[3];
swap q[1],q[2];
`,
  'Grover, 3 qubits, marks |101>': `OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
h q[0]; h q[1]; h q[2];
// oracle: phase flip of |101> (q0 = 1, q1 = 0, q2 = 1)
x q[1];
h q[2]; ccx q[0],q[1],q[2]; h q[2];
x q[1];
// diffusion
h q[0]; h q[1]; h q[2];
x q[0]; x q[1]; x q[2];
h q[2]; ccx q[0],q[1],q[2]; h q[2];
x q[0]; x q[1]; x q[2];
h q[0]; h q[1]; h q[2];
`,
  'Rotations and entanglers, 6 qubits': `OPENQASM 2.0;
include "qelib1.inc";
qreg q[6];
u3(0.3,0.2,0.1) q[0];
rx(0.7) q[1];
ry(-1.1) q[2];
rz(0.4) q[3];
h q[4]; s q[4]; t q[5]; sdg q[5]; h q[5];
cx q[0],q[1];
crz(0.9) q[1],q[2];
cy q[2],q[3];
cu3(0.5,0.6,0.7) q[3],q[4];
rzz(0.8) q[4],q[5];
ccx q[0],q[2],q[5];
u2(0.25,-0.5) q[1];
ry(2.2) q[0];
cswap q[5],q[1],q[3];
`,
});
