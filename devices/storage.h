/*
 * storage.h - the register interface of the block storage controller
 * ("phonesim,storage"): offsets, fields, commands and error codes, as
 * docs/storage.md defines them for guests.
 *
 * Only numbers, so that the device (storage.c), the host tests and the
 * target programs (assembly, through the C preprocessor) share one copy.
 * Not the device's state or its timing: those are storage.c's.
 */
#ifndef PHONESIM_STORAGE_H
#define PHONESIM_STORAGE_H

/*
 * The window is 16 frames of 4 KiB, so that a hypervisor can map one
 * namespace's frame into one guest at the stage 2 granule. Frames 0-14 are
 * namespaces: 0 the whole medium, 1-14 the partitions storage.nsN_blocks
 * sets (a frame without a namespace reads as zero: ID = 0). Frame 15 is the
 * control frame: the namespaces' DMA windows, for the hypervisor alone.
 */
#define STORAGE_FRAME_SIZE      0x1000
#define STORAGE_NFRAMES         16
#define STORAGE_NAMESPACES      15      /* namespace n in frame n */
#define STORAGE_CTL_FRAME       15

/* Registers of a frame: 32 bits each; 64-bit values as LO/HI pairs. */
#define STORAGE_ID              0x000   /* RO: STORAGE_ID_VALUE */
#define STORAGE_VERSION         0x004   /* RO: major << 16 | minor */
#define STORAGE_BLOCK_SIZE      0x008   /* RO: bytes per block, 512 or 4096 */
#define STORAGE_FLAGS           0x00c   /* RO: STORAGE_FLAG_* */
#define STORAGE_CAPACITY_LO     0x010   /* RO: blocks */
#define STORAGE_CAPACITY_HI     0x014
#define STORAGE_LBA_LO          0x020   /* RW: first block of the command */
#define STORAGE_LBA_HI          0x024
#define STORAGE_BUF_LO          0x028   /* RW: physical address of the RAM buffer */
#define STORAGE_BUF_HI          0x02c
#define STORAGE_COUNT           0x030   /* RW: blocks */
#define STORAGE_CMD             0x034   /* RW: writing an opcode issues the command */
#define STORAGE_STATUS          0x040   /* RO: BUSY, ERROR */
#define STORAGE_INT_STATUS      0x044   /* RW1C: STORAGE_INT_DONE */
#define STORAGE_INT_ENABLE      0x048   /* RW: STORAGE_INT_DONE */

/* Registers of the control frame (offsets inside it). */
#define STORAGE_CTL_ID          0x000   /* RO: STORAGE_CTL_ID_VALUE */
/* RW: namespace n's DMA window, [BASE, BASE + SIZE) of physical memory, LO/HI pairs. */
#define STORAGE_CTL_DMA_BASE(n) (0x100 + 0x10 * (n))
#define STORAGE_CTL_DMA_SIZE(n) (0x108 + 0x10 * (n))

#define STORAGE_ID_VALUE        0x53544f52      /* "STOR" */
#define STORAGE_CTL_ID_VALUE    0x5343544c      /* "SCTL" */
#define STORAGE_VERSION_VALUE   0x00010000      /* 1.0 */

#define STORAGE_FLAG_WP         0x1     /* the medium is write-protected */

/* Opcodes (STORAGE_CMD). */
#define STORAGE_OP_READ         1       /* medium -> buffer */
#define STORAGE_OP_WRITE        2       /* buffer -> medium */
#define STORAGE_OP_FLUSH        3       /* no data; LBA, COUNT, BUF ignored */
#define STORAGE_OP_TRIM         4       /* the blocks read as zero afterwards; BUF ignored */

/* STORAGE_STATUS fields. */
#define STORAGE_STATUS_BUSY     0x1
#define STORAGE_STATUS_ERROR_SHIFT 8
#define STORAGE_STATUS_ERROR_MASK 0xff00

/* Error codes (STATUS.ERROR), checked in this order at submission. */
#define STORAGE_ERR_NONE        0
#define STORAGE_ERR_BUSY        1       /* a command was in flight: this one was dropped */
#define STORAGE_ERR_BAD_OPCODE  2
#define STORAGE_ERR_BAD_COUNT   3       /* COUNT = 0 */
#define STORAGE_ERR_RANGE       4       /* LBA + COUNT beyond CAPACITY */
#define STORAGE_ERR_WP          5       /* WRITE or TRIM on a write-protected medium */
#define STORAGE_ERR_BAD_BUFFER  6       /* the buffer is not wholly in RAM and the DMA window */

/* STORAGE_INT_STATUS, STORAGE_INT_ENABLE. */
#define STORAGE_INT_DONE        0x1     /* a command completed (with or without error) */

#endif
