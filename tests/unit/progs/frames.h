/*
 * frames.h - what the programs that drive a frame-clock device share
 * (modem-frames-el1, display-flips-el1; the registers common to both are
 * in devices/frame_clock.h, which the device's header includes).
 *
 * Included after ../../target/harness.h and the device's header. The
 * macros reach the device's registers through x20, its base.
 */
#ifndef PHONESIM_TESTS_UNIT_PROGS_FRAMES_H
#define PHONESIM_TESTS_UNIT_PROGS_FRAMES_H

/* w0 = register \reg of the device. */
.macro dev_rd reg
	ldr	w0, [x20, #\reg]
.endm

/* Register \reg of the device = \wval (a w register). */
.macro dev_wr reg, wval
	str	\wval, [x20, #\reg]
.endm

/*
 * Enables the device with its frame interrupt (FC_IRQ_FRAME); FC_STATUS
 * must then say enabled (code \code). Clobbers x0, x17.
 */
.macro fc_enable code
	mov	w0, #FC_IRQ_FRAME
	dev_wr	FC_IRQ_ENABLE, w0
	mov	w0, #FC_CTRL_EN
	dev_wr	FC_CTRL, w0
	dev_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, \code, "FC_STATUS after enabling"
.endm

/*
 * Waits with WFI (a masked IRQ still wakes the core) until FC_IRQ_STATUS
 * has FC_IRQ_FRAME, which must then be all it has (code \code, failure
 * message \what); w0 = FC_IRQ_STATUS. Clobbers x0, x17.
 */
.macro fc_wait_frame code, what
.Lfc_wait_frame\@:
	dev_rd	FC_IRQ_STATUS
	tbnz	w0, #0, .Lfc_frame\@		/* FC_IRQ_FRAME */
	wfi
	b	.Lfc_wait_frame\@
.Lfc_frame\@:
	check	x0, FC_IRQ_FRAME, \code, "\what"
.endm

/*
 * Disables the device; then FC_STATUS must be 0 and the counters FC_FRAMES,
 * FC_MET, FC_MISSED and FC_OVERRUNS \frames, \met, \missed and \overruns
 * (codes \code to \code + 4). Clobbers x0, x17.
 */
.macro fc_disable_and_count frames, met, missed, overruns, code
	dev_wr	FC_CTRL, wzr
	dev_rd	FC_STATUS
	check	x0, 0, \code, "FC_STATUS after disabling"
	dev_rd	FC_FRAMES
	check	x0, \frames, (\code + 1), "FC_FRAMES"
	dev_rd	FC_MET
	check	x0, \met, (\code + 2), "FC_MET"
	dev_rd	FC_MISSED
	check	x0, \missed, (\code + 3), "FC_MISSED"
	dev_rd	FC_OVERRUNS
	check	x0, \overruns, (\code + 4), "FC_OVERRUNS"
.endm

#endif
