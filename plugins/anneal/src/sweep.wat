;; Metropolis sweeps for integer problems, the WebAssembly twins of sweepTable / sweepUnit in
;; sweep.ts (same loop, same xorshift128 stream, same thresholds, so the same seed gives the
;; same states). All pointers are byte offsets into the imported memory:
;;   off: Int32 CSR row offsets (n + 1), nb: Int32 neighbours, w: Int32 couplings,
;;   s: Int8 spins (n), f: Int32 local fields (n), tab: Int32 thresholds of one beta (row start),
;;   rng: 4 x Int32 generator state (read at entry, written back at exit).
;; Returns the energy change of the sweep in kernel units.
;; Build: node scripts/buildWasm.mjs (assembles with wabt into src/sweepWasm.generated.ts).
(module
  (import "env" "memory" (memory 1))

  (func $sweep (param $n i32) (param $off i32) (param $nb i32) (param $w i32) (param $s i32)
    (param $f i32) (param $tab i32) (param $rng i32) (param $unit i32) (result i32)
    (local $x i32) (local $y i32) (local $z i32) (local $r i32) (local $q i32)
    (local $v i32) (local $sv i32) (local $a i32) (local $t i32) (local $c i32)
    (local $k i32) (local $end i32) (local $dE i32) (local $p i32)
    (local.set $x (i32.load (local.get $rng)))
    (local.set $y (i32.load offset=4 (local.get $rng)))
    (local.set $z (i32.load offset=8 (local.get $rng)))
    (local.set $r (i32.load offset=12 (local.get $rng)))
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $vloop
        (block $next
          (block $flip
            (local.set $sv (i32.load8_s (i32.add (local.get $s) (local.get $v))))
            (local.set $a
              (i32.mul (i32.sub (i32.const 0) (local.get $sv))
                (i32.load (i32.add (local.get $f) (i32.shl (local.get $v) (i32.const 2))))))
            (br_if $flip (i32.le_s (local.get $a) (i32.const 0)))
            (local.set $t (i32.load (i32.add (local.get $tab) (i32.shl (local.get $a) (i32.const 2)))))
            (br_if $next (i32.eq (local.get $t) (i32.const -2147483648)))
            (local.set $q (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
            (local.set $x (local.get $y))
            (local.set $y (local.get $z))
            (local.set $z (local.get $r))
            (local.set $r
              (i32.xor
                (i32.xor (local.get $r) (i32.shr_u (local.get $r) (i32.const 19)))
                (i32.xor (local.get $q) (i32.shr_u (local.get $q) (i32.const 8)))))
            (br_if $next (i32.ge_s (local.get $r) (local.get $t))))
          ;; accepted: update the neighbours' fields, then the spin
          (local.set $dE (i32.add (local.get $dE) (i32.shl (local.get $a) (i32.const 1))))
          (local.set $c (i32.mul (i32.const -2) (local.get $sv)))
          (local.set $k (i32.shl (i32.load (i32.add (local.get $off) (i32.shl (local.get $v) (i32.const 2)))) (i32.const 2)))
          (local.set $end (i32.shl (i32.load offset=4 (i32.add (local.get $off) (i32.shl (local.get $v) (i32.const 2)))) (i32.const 2)))
          (block $nbdone
            (br_if $nbdone (i32.ge_u (local.get $k) (local.get $end)))
            (if (local.get $unit)
              (then
                (loop $nbunit
                  (local.set $p (i32.add (local.get $f)
                    (i32.shl (i32.load (i32.add (local.get $nb) (local.get $k))) (i32.const 2))))
                  (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (local.get $c)))
                  (local.set $k (i32.add (local.get $k) (i32.const 4)))
                  (br_if $nbunit (i32.lt_u (local.get $k) (local.get $end)))))
              (else
                (loop $nbw
                  (local.set $p (i32.add (local.get $f)
                    (i32.shl (i32.load (i32.add (local.get $nb) (local.get $k))) (i32.const 2))))
                  (i32.store (local.get $p)
                    (i32.add (i32.load (local.get $p))
                      (i32.mul (local.get $c) (i32.load (i32.add (local.get $w) (local.get $k))))))
                  (local.set $k (i32.add (local.get $k) (i32.const 4)))
                  (br_if $nbw (i32.lt_u (local.get $k) (local.get $end)))))))
          (i32.store8 (i32.add (local.get $s) (local.get $v)) (i32.sub (i32.const 0) (local.get $sv))))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br_if $vloop (i32.lt_s (local.get $v) (local.get $n)))))
    (i32.store (local.get $rng) (local.get $x))
    (i32.store offset=4 (local.get $rng) (local.get $y))
    (i32.store offset=8 (local.get $rng) (local.get $z))
    (i32.store offset=12 (local.get $rng) (local.get $r))
    (local.get $dE))

  (export "sweep" (func $sweep)))
