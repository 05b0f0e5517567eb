// The benchmarks write their test sets as numpy does: an .npy header, version 1.0, padded so the
// data starts on a 64-byte boundary.

/** The header of an .npy holding `descr` values (e.g. '<f4') of `shape`. */
export function npyHeader(descr, shape) {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head[6] = 1
  head.writeUInt16LE(header.length, 8)
  return Buffer.concat([head, Buffer.from(header, 'latin1')])
}
