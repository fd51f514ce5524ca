// Minimal types of npm's quantum-circuit, the independent test oracle (a dev dependency only).
declare module 'quantum-circuit' {
  export default class QuantumCircuit {
    constructor(numQubits: number);
    appendGate(name: string, wires: number | number[], options: { params?: Record<string, number | undefined> }): void;
    run(): void;
    /** Registers its multi-controlled X for these controls (true = on |1>) and returns the gate name. */
    registerMCXGate(ctrlQubits: boolean[]): string;
    /** Registers its multi-controlled u1 (parameter lambda) and returns the gate name. */
    registerMCU1Gate(ctrlQubits: boolean[]): string;
    /** Parses OpenQASM 2.0 with its own importer (errors go to the callback). */
    importQASM(input: string, errorCallback?: (errors: { msg: string; line: number; column: number }[]) => void): void;
    state: Record<number, { re: number; im: number }>;
  }
}
