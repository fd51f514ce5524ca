// Minimal types of npm's quantum-circuit, the independent test oracle (a dev dependency only).
declare module 'quantum-circuit' {
  export default class QuantumCircuit {
    constructor(numQubits: number);
    appendGate(name: string, wires: number | number[], options: { params?: Record<string, number | undefined> }): void;
    run(): void;
    state: Record<number, { re: number; im: number }>;
  }
}
