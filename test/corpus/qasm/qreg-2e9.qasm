OPENQASM 2.0;
include "qelib1.inc";
qreg q[2000000000];
h q[0];
