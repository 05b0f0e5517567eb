(module
  ;; The fused bootstrap's resamples (bootstrap.ts, fusedRange) as WebAssembly: WebAssembly is
  ;; compiled before it first runs, where JavaScript runs a small gate's 1,000 resamples (100,000
  ;; draws) mostly before its optimising compiler has caught up. The same xorshift128 steps in int32,
  ;; the same below(n) = trunc(w / 2^32 · n) in float64, the loss terms added in the same order, and
  ;; each replicate's metrics computed as metricsFromCounts does: the same counts, sums and metrics,
  ;; bit for bit (stats.test.ts holds the two equal).
  (memory (export "memory") 1)
  (global $x (export "x") (mut i32) (i32.const 0))
  (global $y (export "y") (mut i32) (i32.const 0))
  (global $z (export "z") (mut i32) (i32.const 0))
  (global $w (export "w") (mut i32) (i32.const 0))
  ;; the baseline's loss sum after $drawPaired
  (global $bloss (mut f64) (f64.const 0))

  ;; n draws i: matrix[cell[i]] += 1, loss += nll[i]; returns the loss
  (func $draw (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32) (param $loss f64) (result f64)
    (local $j i32) (local $t i32) (local $i i32) (local $a i32)
    (local $x i32) (local $y i32) (local $z i32) (local $w i32) (local $nf f64)
    (local.set $x (global.get $x)) (local.set $y (global.get $y)) (local.set $z (global.get $z)) (local.set $w (global.get $w))
    (local.set $nf (f64.convert_i32_s (local.get $n)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $draw
        (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
        (local.set $x (local.get $y))
        (local.set $y (local.get $z))
        (local.set $z (local.get $w))
        (local.set $w (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                               (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
        (local.set $i (i32.trunc_f64_s (f64.mul (f64.div (f64.convert_i32_u (local.get $w)) (f64.const 4294967296)) (local.get $nf))))
        (local.set $a (i32.add (local.get $matrix) (i32.shl (i32.load (i32.add (local.get $cell) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $loss (f64.add (local.get $loss) (f64.load (i32.add (local.get $nll) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $draw (i32.lt_u (local.get $j) (local.get $n)))))
    (global.set $x (local.get $x)) (global.set $y (local.get $y)) (global.set $z (local.get $z)) (global.set $w (local.get $w))
    (local.get $loss))

  ;; the same draws counted for two models (the paired bootstrap); the baseline's loss goes to $bloss
  (func $drawPaired (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32) (param $loss f64)
    (param $bcell i32) (param $bnll i32) (param $bmatrix i32) (param $bl f64) (result f64)
    (local $j i32) (local $t i32) (local $i i32) (local $a i32)
    (local $x i32) (local $y i32) (local $z i32) (local $w i32) (local $nf f64)
    (local.set $x (global.get $x)) (local.set $y (global.get $y)) (local.set $z (global.get $z)) (local.set $w (global.get $w))
    (local.set $nf (f64.convert_i32_s (local.get $n)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $draw
        (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
        (local.set $x (local.get $y))
        (local.set $y (local.get $z))
        (local.set $z (local.get $w))
        (local.set $w (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                               (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
        (local.set $i (i32.trunc_f64_s (f64.mul (f64.div (f64.convert_i32_u (local.get $w)) (f64.const 4294967296)) (local.get $nf))))
        (local.set $a (i32.add (local.get $matrix) (i32.shl (i32.load (i32.add (local.get $cell) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $loss (f64.add (local.get $loss) (f64.load (i32.add (local.get $nll) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $a (i32.add (local.get $bmatrix) (i32.shl (i32.load (i32.add (local.get $bcell) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $bl (f64.add (local.get $bl) (f64.load (i32.add (local.get $bnll) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $draw (i32.lt_u (local.get $j) (local.get $n)))))
    (global.set $x (local.get $x)) (global.set $y (local.get $y)) (global.set $z (local.get $z)) (global.set $w (local.get $w))
    (global.set $bloss (local.get $bl))
    (local.get $loss))

  ;; One replicate's metrics from its k × k matrix, as metricsFromCounts (classification.ts) computes
  ;; them, operation for operation in float64 (WebAssembly, like JavaScript, rounds each operation and
  ;; never fuses a multiply and an add), so the same bits. At $out, f64s: n, accuracy, loss, macro
  ;; precision/recall/F1, weighted precision/recall/F1, micro precision/recall/F1, min class F1
  ;; (13), then each class's precision, recall, F1 and support (4 a class): the layout
  ;; bootstrap-wasm.ts's metricIndex reads. $sums: room for the 3k per-class counts.
  (func $metrics (param $k i32) (param $matrix i32) (param $n f64) (param $loss f64) (param $sums i32) (param $out i32)
    (local $yc i32) (local $pc i32) (local $a i32) (local $o i32)
    (local $tpA i32) (local $predA i32) (local $actA i32) (local $c f64) (local $kf f64)
    (local $t f64) (local $pred f64) (local $act f64) (local $precision f64) (local $recall f64) (local $denom f64) (local $f1 f64)
    (local $correct f64) (local $mp f64) (local $mr f64) (local $mf f64) (local $wp f64) (local $wr f64) (local $wf f64) (local $minF f64)
    (local.set $tpA (local.get $sums))
    (local.set $predA (i32.add (local.get $tpA) (i32.shl (local.get $k) (i32.const 3))))
    (local.set $actA (i32.add (local.get $predA) (i32.shl (local.get $k) (i32.const 3))))
    (local.set $a (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $a) (i32.mul (local.get $k) (i32.const 24))))
      (f64.store (i32.add (local.get $sums) (local.get $a)) (f64.const 0))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (br $zero)))
    ;; Counts.tally: actual by row, predicted by column, tp on the diagonal (whole numbers: exact)
    (block $rows (loop $row
      (br_if $rows (i32.ge_u (local.get $yc) (local.get $k)))
      (local.set $pc (i32.const 0))
      (block $cols (loop $col
        (br_if $cols (i32.ge_u (local.get $pc) (local.get $k)))
        (local.set $c (f64.convert_i32_s (i32.load (i32.add (local.get $matrix)
          (i32.shl (i32.add (i32.mul (local.get $yc) (local.get $k)) (local.get $pc)) (i32.const 2))))))
        (local.set $a (i32.add (local.get $actA) (i32.shl (local.get $yc) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $c)))
        (local.set $a (i32.add (local.get $predA) (i32.shl (local.get $pc) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $c)))
        (if (i32.eq (local.get $yc) (local.get $pc)) (then
          (local.set $a (i32.add (local.get $tpA) (i32.shl (local.get $yc) (i32.const 3))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $c)))))
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (br $col)))
      (local.set $yc (i32.add (local.get $yc) (i32.const 1)))
      (br $row)))
    ;; per class, in class order (the sums below are added in this order, as in JavaScript)
    (local.set $minF (f64.const inf))
    (local.set $o (i32.add (local.get $out) (i32.const 104)))
    (local.set $pc (i32.const 0))
    (block $classes (loop $class
      (br_if $classes (i32.ge_u (local.get $pc) (local.get $k)))
      (local.set $a (i32.shl (local.get $pc) (i32.const 3)))
      (local.set $t (f64.load (i32.add (local.get $tpA) (local.get $a))))
      (local.set $pred (f64.load (i32.add (local.get $predA) (local.get $a))))
      (local.set $act (f64.load (i32.add (local.get $actA) (local.get $a))))
      (local.set $correct (f64.add (local.get $correct) (local.get $t)))
      ;; zero division gives 0 (select keeps 0 where the quotient would be NaN or infinite)
      (local.set $precision (select (f64.const 0) (f64.div (local.get $t) (local.get $pred)) (f64.eq (local.get $pred) (f64.const 0))))
      (local.set $recall (select (f64.const 0) (f64.div (local.get $t) (local.get $act)) (f64.eq (local.get $act) (f64.const 0))))
      (local.set $denom (f64.add (local.get $pred) (local.get $act)))
      (local.set $f1 (select (f64.const 0) (f64.div (f64.mul (f64.const 2) (local.get $t)) (local.get $denom)) (f64.eq (local.get $denom) (f64.const 0))))
      (f64.store (local.get $o) (local.get $precision))
      (f64.store offset=8 (local.get $o) (local.get $recall))
      (f64.store offset=16 (local.get $o) (local.get $f1))
      (f64.store offset=24 (local.get $o) (local.get $act))
      (local.set $mp (f64.add (local.get $mp) (local.get $precision)))
      (local.set $mr (f64.add (local.get $mr) (local.get $recall)))
      (local.set $mf (f64.add (local.get $mf) (local.get $f1)))
      (local.set $wp (f64.add (local.get $wp) (f64.mul (local.get $precision) (local.get $act))))
      (local.set $wr (f64.add (local.get $wr) (f64.mul (local.get $recall) (local.get $act))))
      (local.set $wf (f64.add (local.get $wf) (f64.mul (local.get $f1) (local.get $act))))
      (local.set $minF (f64.min (local.get $minF) (local.get $f1)))
      (local.set $o (i32.add (local.get $o) (i32.const 32)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $class)))
    (local.set $kf (f64.convert_i32_s (local.get $k)))
    (f64.store (local.get $out) (local.get $n))
    (f64.store offset=8 (local.get $out) (f64.div (local.get $correct) (local.get $n)))
    (f64.store offset=16 (local.get $out) (f64.div (local.get $loss) (local.get $n)))
    (f64.store offset=24 (local.get $out) (f64.div (local.get $mp) (local.get $kf)))
    (f64.store offset=32 (local.get $out) (f64.div (local.get $mr) (local.get $kf)))
    (f64.store offset=40 (local.get $out) (f64.div (local.get $mf) (local.get $kf)))
    (f64.store offset=48 (local.get $out) (f64.div (local.get $wp) (local.get $n)))
    (f64.store offset=56 (local.get $out) (f64.div (local.get $wr) (local.get $n)))
    (f64.store offset=64 (local.get $out) (f64.div (local.get $wf) (local.get $n)))
    ;; micro: every sample is one prediction, so tp = correct and fp = fn = n - correct
    (f64.store offset=72 (local.get $out) (select (f64.const 0) (f64.div (local.get $correct) (local.get $n)) (f64.eq (local.get $n) (f64.const 0))))
    (f64.store offset=80 (local.get $out) (select (f64.const 0) (f64.div (local.get $correct) (local.get $n)) (f64.eq (local.get $n) (f64.const 0))))
    (f64.store offset=88 (local.get $out) (select (f64.const 0)
      (f64.div (f64.mul (f64.const 2) (local.get $correct)) (f64.add (local.get $n) (local.get $n)))
      (f64.eq (f64.add (local.get $n) (local.get $n)) (f64.const 0))))
    (f64.store offset=96 (local.get $out) (local.get $minF)))

  (func $clear (param $at i32) (param $bytes i32)
    (local $a i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $a) (local.get $bytes)))
      (i32.store (i32.add (local.get $at) (local.get $a)) (i32.const 0))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br $next))))

  ;; One whole resample: the matrix cleared, n draws counted into it (the generator in $x..$w moves
  ;; on), the metrics at $out. fusedRange in bootstrap.ts, a replicate a call.
  (func (export "replicate") (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32) (param $k i32) (param $sums i32) (param $out i32)
    (local $loss f64)
    (call $clear (local.get $matrix) (i32.shl (i32.mul (local.get $k) (local.get $k)) (i32.const 2)))
    (local.set $loss (call $draw (local.get $n) (local.get $cell) (local.get $nll) (local.get $matrix) (f64.const 0)))
    (call $metrics (local.get $k) (local.get $matrix) (f64.convert_i32_s (local.get $n)) (local.get $loss) (local.get $sums) (local.get $out)))

  ;; The same for two models on the same draws (the paired bootstrap): the baseline's metrics at $bout.
  (func (export "replicatePaired") (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32)
    (param $bcell i32) (param $bnll i32) (param $bmatrix i32) (param $k i32) (param $sums i32) (param $out i32) (param $bout i32)
    (local $loss f64)
    (call $clear (local.get $matrix) (i32.shl (i32.mul (local.get $k) (local.get $k)) (i32.const 2)))
    (call $clear (local.get $bmatrix) (i32.shl (i32.mul (local.get $k) (local.get $k)) (i32.const 2)))
    (local.set $loss (call $drawPaired (local.get $n) (local.get $cell) (local.get $nll) (local.get $matrix) (f64.const 0)
      (local.get $bcell) (local.get $bnll) (local.get $bmatrix) (f64.const 0)))
    (call $metrics (local.get $k) (local.get $matrix) (f64.convert_i32_s (local.get $n)) (local.get $loss) (local.get $sums) (local.get $out))
    (call $metrics (local.get $k) (local.get $bmatrix) (f64.convert_i32_s (local.get $n)) (global.get $bloss) (local.get $sums) (local.get $bout)))
)
