;; Kernels over the weight table and its optimiser state, which live in this module's memory.
;; They move and update table rows; the model's math (logits, loss, gradients) stays in TF.js.
;; Element loops in JavaScript cost 2 to 7 ns a value (V8 does not vectorise them); these run
;; four values at a time. Assembled by `npm run build:wasm` into table-kernels-wasm.ts.
;; Addresses are byte offsets; `width` is the number of classes (floats per row). Each table row
;; keeps its weights, Adam's two moments and the running sum of the average side by side
;; (`stride` bytes a row), so that a step reads one contiguous run of memory per row: the
;; updates are bound by memory latency, and three separate tables cost three misses a row.
(module
  (import "env" "memory" (memory 1))

  ;; out[i] = weights of table row rows[i] times scales[i], for i < count: the block of weights a
  ;; batch reads, each row already times its feature's factor (IDF), as the product wants it.
  (func (export "gather")
    (param $table i32) (param $stride i32) (param $rows i32) (param $count i32) (param $width i32)
    (param $scales i32) (param $out i32)
    (local $bytes i32) (local $end i32) (local $vectorEnd i32) (local $at i32) (local $weights i32)
    (local $scale f32) (local $s v128)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
        (local.set $weights
          (i32.add (local.get $table) (i32.mul (i32.load (local.get $rows)) (local.get $stride))))
        (local.set $scale (f32.load (local.get $scales)))
        (local.set $s (f32x4.splat (local.get $scale)))
        (local.set $at (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
            (v128.store
              (i32.add (local.get $out) (local.get $at))
              (f32x4.mul (local.get $s) (v128.load (i32.add (local.get $weights) (local.get $at)))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $at) (local.get $bytes)))
            (f32.store
              (i32.add (local.get $out) (local.get $at))
              (f32.mul (local.get $scale) (f32.load (i32.add (local.get $weights) (local.get $at)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $tail)))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (br $next))))

;; sum += pending * weights over one row of `bytes` bytes (both given by address).
  (func $credit (param $weights i32) (param $sum i32) (param $bytes i32) (param $pending f32)
    (local $at i32) (local $vectorEnd i32) (local $p v128)
    (local.set $p (f32x4.splat (local.get $pending)))
    (local.set $vectorEnd (i32.and (local.get $bytes) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
        (v128.store
          (i32.add (local.get $sum) (local.get $at))
          (f32x4.add
            (v128.load (i32.add (local.get $sum) (local.get $at)))
            (f32x4.mul (local.get $p) (v128.load (i32.add (local.get $weights) (local.get $at))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $at) (local.get $bytes)))
        (f32.store
          (i32.add (local.get $sum) (local.get $at))
          (f32.add
            (f32.load (i32.add (local.get $sum) (local.get $at)))
            (f32.mul (local.get $pending) (f32.load (i32.add (local.get $weights) (local.get $at))))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $tail))))

  ;; One Adam step on table rows rows[0 .. count-1], in place, from the gradient with respect to
  ;; the gathered (scaled) block, one row per table row: the weights' gradient is that times the
  ;; row's scale, plus l2 times the weights (the batch's rows decay, as sparse learners do).
  ;; With `averaged`, first credits each row's weights to the running sum of the average for
  ;; the snapshots since its last change (see running-average.ts).
  (func (export "adam")
    (param $table i32) (param $stride i32) (param $gradient i32)
    (param $rows i32) (param $count i32) (param $width i32) (param $scales i32) (param $l2 f32)
    (param $stepSize f32) (param $beta1 f32) (param $beta2 f32) (param $epsilon f32)
    (param $averaged i32) (param $credited i32) (param $snapshots i32)
    (local $end i32) (local $row i32) (local $weights i32) (local $bytes i32) (local $vectorEnd i32)
    (local $at i32) (local $pending i32) (local $first i32) (local $second i32)
    (local $g v128) (local $m v128) (local $v v128)
    (local $keep1 v128) (local $add1 v128) (local $keep2 v128) (local $add2 v128)
    (local $step v128) (local $eps v128) (local $scale f32) (local $s v128) (local $decay v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $keep1 (f32x4.splat (local.get $beta1)))
    (local.set $add1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $keep2 (f32x4.splat (local.get $beta2)))
    (local.set $add2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $step (f32x4.splat (local.get $stepSize)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $decay (f32x4.splat (local.get $l2)))
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $count) (i32.const 2))))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $rows) (local.get $end)))
        (local.set $row (i32.load (local.get $rows)))
        (local.set $weights (i32.add (local.get $table) (i32.mul (local.get $row) (local.get $stride))))
        (local.set $first (i32.add (local.get $weights) (local.get $bytes)))
        (local.set $second (i32.add (local.get $first) (local.get $bytes)))
        (local.set $scale (f32.load (local.get $scales)))
        (local.set $s (f32x4.splat (local.get $scale)))
        (if (local.get $averaged)
          (then
            (local.set $pending
              (i32.sub
                (local.get $snapshots)
                (i32.load (i32.add (local.get $credited) (i32.shl (local.get $row) (i32.const 2))))))
            (if (local.get $pending)
              (then
                (i32.store
                  (i32.add (local.get $credited) (i32.shl (local.get $row) (i32.const 2)))
                  (local.get $snapshots))
                (call $credit
                  (local.get $weights) (i32.add (local.get $second) (local.get $bytes)) (local.get $bytes)
                  (f32.convert_i32_s (local.get $pending)))))))
        (local.set $at (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
            (local.set $g
              (f32x4.add
                (f32x4.mul (v128.load (i32.add (local.get $gradient) (local.get $at))) (local.get $s))
                (f32x4.mul (v128.load (i32.add (local.get $weights) (local.get $at))) (local.get $decay))))
            (local.set $m
              (f32x4.add
                (f32x4.mul (local.get $keep1) (v128.load (i32.add (local.get $first) (local.get $at))))
                (f32x4.mul (local.get $add1) (local.get $g))))
            (local.set $v
              (f32x4.add
                (f32x4.mul (local.get $keep2) (v128.load (i32.add (local.get $second) (local.get $at))))
                (f32x4.mul (local.get $add2) (f32x4.mul (local.get $g) (local.get $g)))))
            (v128.store (i32.add (local.get $first) (local.get $at)) (local.get $m))
            (v128.store (i32.add (local.get $second) (local.get $at)) (local.get $v))
            (v128.store
              (i32.add (local.get $weights) (local.get $at))
              (f32x4.sub
                (v128.load (i32.add (local.get $weights) (local.get $at)))
                (f32x4.div
                  (f32x4.mul (local.get $step) (local.get $m))
                  (f32x4.add (f32x4.sqrt (local.get $v)) (local.get $eps)))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $at) (local.get $bytes)))
            (local.set $gs
              (f32.add
                (f32.mul (f32.load (i32.add (local.get $gradient) (local.get $at))) (local.get $scale))
                (f32.mul (f32.load (i32.add (local.get $weights) (local.get $at))) (local.get $l2))))
            (local.set $ms
              (f32.add
                (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $first) (local.get $at))))
                (f32.mul (f32.sub (f32.const 1) (local.get $beta1)) (local.get $gs))))
            (local.set $vs
              (f32.add
                (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $second) (local.get $at))))
                (f32.mul (f32.sub (f32.const 1) (local.get $beta2)) (f32.mul (local.get $gs) (local.get $gs)))))
            (f32.store (i32.add (local.get $first) (local.get $at)) (local.get $ms))
            (f32.store (i32.add (local.get $second) (local.get $at)) (local.get $vs))
            (f32.store
              (i32.add (local.get $weights) (local.get $at))
              (f32.sub
                (f32.load (i32.add (local.get $weights) (local.get $at)))
                (f32.div
                  (f32.mul (local.get $stepSize) (local.get $ms))
                  (f32.add (f32.sqrt (local.get $vs)) (local.get $epsilon)))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $tail)))
        (local.set $gradient (i32.add (local.get $gradient) (local.get $bytes)))
        (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (br $rowLoop))))

  ;; out[row] = (sum + pending * weights) / snapshots for rows first .. first+count-1, packed:
  ;; the running average as a plain table. With `averaged` 0, the weights themselves.
  (func (export "mean")
    (param $table i32) (param $stride i32) (param $first i32) (param $count i32) (param $width i32)
    (param $averaged i32) (param $credited i32) (param $snapshots i32) (param $out i32)
    (local $row i32) (local $end i32) (local $bytes i32) (local $vectorEnd i32) (local $at i32)
    (local $weights i32) (local $sum i32)
    (local $pending f32) (local $share f32) (local $p v128) (local $s v128)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $row (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $count)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $weights (i32.add (local.get $table) (i32.mul (local.get $row) (local.get $stride))))
        (if (i32.eqz (local.get $averaged))
          (then (memory.copy (local.get $out) (local.get $weights) (local.get $bytes)))
          (else
            (local.set $sum (i32.add (local.get $weights) (i32.mul (local.get $bytes) (i32.const 3))))
            (local.set $share (f32.div (f32.const 1) (f32.convert_i32_s (local.get $snapshots))))
            (local.set $s (f32x4.splat (local.get $share)))
            (local.set $pending
              (f32.convert_i32_s
                (i32.sub
                  (local.get $snapshots)
                  (i32.load (i32.add (local.get $credited) (i32.shl (local.get $row) (i32.const 2)))))))
            (local.set $p (f32x4.splat (local.get $pending)))
            (local.set $at (i32.const 0))
            (block $vectorsDone
              (loop $vectors
                (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
                (v128.store
                  (i32.add (local.get $out) (local.get $at))
                  (f32x4.mul
                    (f32x4.add
                      (v128.load (i32.add (local.get $sum) (local.get $at)))
                      (f32x4.mul (local.get $p) (v128.load (i32.add (local.get $weights) (local.get $at)))))
                    (local.get $s)))
                (local.set $at (i32.add (local.get $at) (i32.const 16)))
                (br $vectors)))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $at) (local.get $bytes)))
                (f32.store
                  (i32.add (local.get $out) (local.get $at))
                  (f32.mul
                    (f32.add
                      (f32.load (i32.add (local.get $sum) (local.get $at)))
                      (f32.mul (local.get $pending) (f32.load (i32.add (local.get $weights) (local.get $at)))))
                    (local.get $share)))
                (local.set $at (i32.add (local.get $at) (i32.const 4)))
                (br $tail)))))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop))))

  ;; Writes `count` packed rows of weights from `from` into table rows first .. first+count-1
  ;; (the moments and sums start at zero: the memory is fresh).
  (func (export "load")
    (param $table i32) (param $stride i32) (param $first i32) (param $count i32) (param $width i32)
    (param $from i32)
    (local $row i32) (local $end i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $row (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $count)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (memory.copy
          (i32.add (local.get $table) (i32.mul (local.get $row) (local.get $stride)))
          (local.get $from)
          (local.get $bytes))
        (local.set $from (i32.add (local.get $from) (local.get $bytes)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $next))))
)
