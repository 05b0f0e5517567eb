(module
  (memory (export "memory") 1)
  ;; Pillow's horizontal pass (libImaging/Resample.c ImagingResampleHorizontal_8bpc) over RGB rows
  ;; [first, first + rows) of a w-wide image, for output columns [from, from + count), packed into out.
  ;; One pixel's three channel sums in the first three lanes of an i32x4 (the fourth lane reads the
  ;; next pixel's byte and is thrown away): the same int32 products and sums as the scalar loop.
  (func (export "horizontal")
    (param $src i32) (param $w i32) (param $first i32) (param $rows i32)
    (param $bounds i32) (param $kk i32) (param $ksize i32) (param $from i32) (param $count i32) (param $out i32)
    (local $y i32) (local $row i32) (local $o i32) (local $xx i32) (local $end i32) (local $q i32)
    (local $x i32) (local $xmax i32) (local $kb i32) (local $acc v128) (local $zero v128) (local $max v128)
    ;; clip8 on four sums: >> 22, clamped to 0..255 (v >= 2^30 gives >= 256, v <= 0 gives <= 0)
    (local.set $max (v128.const i32x4 255 255 255 255))
    (local.set $end (i32.add (local.get $from) (local.get $count)))
    (local.set $o (local.get $out))
    (block $rows_done
      (br_if $rows_done (i32.eqz (local.get $rows)))
      (loop $rows_loop
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.mul (i32.add (local.get $y) (local.get $first)) (local.get $w)) (i32.const 3))))
        (local.set $xx (local.get $from))
        (loop $cols
          (local.set $xmax (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $xx) (i32.const 3)))))
          (local.set $q (i32.add (local.get $row) (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $xx) (i32.const 3)))) (i32.const 3))))
          (local.set $kb (i32.add (local.get $kk) (i32.shl (i32.mul (local.get $xx) (local.get $ksize)) (i32.const 2))))
          (local.set $acc (i32x4.splat (i32.const 2097152)))
          (local.set $x (i32.const 0))
          (block $taps_done
            (br_if $taps_done (i32.eqz (local.get $xmax)))
            (loop $taps
              (local.set $acc (i32x4.add (local.get $acc)
                (i32x4.mul
                  (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $q))))
                  (i32x4.splat (i32.load (i32.add (local.get $kb) (i32.shl (local.get $x) (i32.const 2))))))))
              (local.set $q (i32.add (local.get $q) (i32.const 3)))
              (local.set $x (i32.add (local.get $x) (i32.const 1)))
              (br_if $taps (i32.lt_u (local.get $x) (local.get $xmax)))))
          ;; clipped, narrowed to bytes, 4 bytes out (the fourth is overwritten by the next pixel, or padding)
          (local.set $acc (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (local.get $zero)) (local.get $max)))
          (local.set $acc (i16x8.narrow_i32x4_u (local.get $acc) (local.get $acc)))
          (i32.store (local.get $o) (i32x4.extract_lane 0 (i8x16.narrow_i16x8_u (local.get $acc) (local.get $acc))))
          (local.set $o (i32.add (local.get $o) (i32.const 3)))
          (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
          (br_if $cols (i32.lt_u (local.get $xx) (local.get $end))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br_if $rows_loop (i32.lt_u (local.get $y) (local.get $rows))))))

  ;; Pillow's vertical pass for output rows [top, top + ch): row yy sums rows bounds[2yy].. of tmp
  ;; (`stride` bytes a row, tmp's row 0 being source row `first`), 16 bytes at a time; `stride` may
  ;; not be a multiple of 16: the last block reads and writes past the row, into padding or into the
  ;; next row, which is written after it.
  (func (export "vertical")
    (param $tmp i32) (param $stride i32) (param $first i32) (param $bounds i32) (param $kk i32) (param $ksize i32)
    (param $top i32) (param $ch i32) (param $out i32)
    (local $yy i32) (local $end i32) (local $ymax i32) (local $kb i32) (local $base i32) (local $i i32)
    (local $y i32) (local $q i32) (local $k v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $o i32) (local $zero v128) (local $max v128)
    (local.set $max (v128.const i32x4 255 255 255 255))
    (local.set $yy (local.get $top))
    (local.set $end (i32.add (local.get $top) (local.get $ch)))
    (local.set $o (local.get $out))
    (loop $rows
      (local.set $ymax (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $yy) (i32.const 3)))))
      (local.set $base (i32.add (local.get $tmp) (i32.mul (i32.sub (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $yy) (i32.const 3)))) (local.get $first)) (local.get $stride))))
      (local.set $kb (i32.add (local.get $kk) (i32.shl (i32.mul (local.get $yy) (local.get $ksize)) (i32.const 2))))
      (local.set $i (i32.const 0))
      (loop $blocks
        (local.set $a0 (v128.const i32x4 2097152 2097152 2097152 2097152))
        (local.set $a1 (local.get $a0)) (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0))
        (local.set $q (i32.add (local.get $base) (local.get $i)))
        (local.set $y (i32.const 0))
        (block $taps_done
          (br_if $taps_done (i32.eqz (local.get $ymax)))
          (loop $taps
            (local.set $k (i32x4.splat (i32.load (i32.add (local.get $kb) (i32.shl (local.get $y) (i32.const 2))))))
            (local.set $v (v128.load (local.get $q)))
            (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
            (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $lo)) (local.get $k))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $lo)) (local.get $k))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $hi)) (local.get $k))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $hi)) (local.get $k))))
            (local.set $q (i32.add (local.get $q) (local.get $stride)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br_if $taps (i32.lt_u (local.get $y) (local.get $ymax)))))
        (v128.store (i32.add (local.get $o) (local.get $i))
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_u (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $a0) (i32.const 22)) (local.get $zero)) (local.get $max)) (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $a1) (i32.const 22)) (local.get $zero)) (local.get $max)))
            (i16x8.narrow_i32x4_u (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $a2) (i32.const 22)) (local.get $zero)) (local.get $max)) (i32x4.min_s (i32x4.max_s (i32x4.shr_s (local.get $a3) (i32.const 22)) (local.get $zero)) (local.get $max)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $blocks (i32.lt_u (local.get $i) (local.get $stride))))
      (local.set $o (i32.add (local.get $o) (local.get $stride)))
      (local.set $yy (i32.add (local.get $yy) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $yy) (local.get $end)))))

  ;; ToTensor + Normalize by lookup: pixel p's bytes (interleaved RGB at src) through the channels'
  ;; tables (3 × 256 float32 at lut), planar (C×H×W) when nchw is 1, else interleaved, into out.
  (func (export "normalise") (param $src i32) (param $pixels i32) (param $lut i32) (param $nchw i32) (param $out i32)
    (local $p i32) (local $q i32) (local $o i32) (local $plane i32)
    (block $done
      (br_if $done (i32.eqz (local.get $pixels)))
      (if (local.get $nchw)
        (then
          (local.set $plane (i32.shl (local.get $pixels) (i32.const 2)))
          (loop $planar
            (local.set $q (i32.add (local.get $src) (i32.mul (local.get $p) (i32.const 3))))
            (local.set $o (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))))
            (f32.store (local.get $o) (f32.load (i32.add (local.get $lut) (i32.shl (i32.load8_u (local.get $q)) (i32.const 2)))))
            (f32.store (i32.add (local.get $o) (local.get $plane)) (f32.load offset=1024 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=1 (local.get $q)) (i32.const 2)))))
            (f32.store (i32.add (i32.add (local.get $o) (local.get $plane)) (local.get $plane)) (f32.load offset=2048 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=2 (local.get $q)) (i32.const 2)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $planar (i32.lt_u (local.get $p) (local.get $pixels)))))
        (else
          (loop $interleaved
            (local.set $q (i32.add (local.get $src) (i32.mul (local.get $p) (i32.const 3))))
            (local.set $o (i32.add (local.get $out) (i32.mul (local.get $p) (i32.const 12))))
            (f32.store (local.get $o) (f32.load (i32.add (local.get $lut) (i32.shl (i32.load8_u (local.get $q)) (i32.const 2)))))
            (f32.store offset=4 (local.get $o) (f32.load offset=1024 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=1 (local.get $q)) (i32.const 2)))))
            (f32.store offset=8 (local.get $o) (f32.load offset=2048 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=2 (local.get $q)) (i32.const 2)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $interleaved (i32.lt_u (local.get $p) (local.get $pixels))))))))
)
