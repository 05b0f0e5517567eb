(module
  ;; The fused bootstrap's draw loop (bootstrap.ts, Counts.drawAndAdd) as WebAssembly: WebAssembly is
  ;; compiled before it first runs, where JavaScript runs a small gate's 100,000 draws mostly before
  ;; its optimising compiler has caught up. The same xorshift128 steps in int32, the same
  ;; below(n) = trunc(w / 2^32 · n) in float64, and the loss terms added in the same order: the same
  ;; counts and sums, bit for bit (bootstrap.test.ts holds the two equal).
  (memory (export "memory") 1)
  (global $x (export "x") (mut i32) (i32.const 0))
  (global $y (export "y") (mut i32) (i32.const 0))
  (global $z (export "z") (mut i32) (i32.const 0))
  (global $w (export "w") (mut i32) (i32.const 0))
  ;; the baseline's loss sum after drawPaired
  (global $bloss (export "bloss") (mut f64) (f64.const 0))

  ;; n draws i: matrix[cell[i]] += 1, loss += nll[i]; returns the loss
  (func (export "draw") (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32) (param $loss f64) (result f64)
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
  (func (export "drawPaired") (param $n i32) (param $cell i32) (param $nll i32) (param $matrix i32) (param $loss f64)
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
)
