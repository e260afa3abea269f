/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ITU-T G.8273.2 noise-generation limits for telecom boundary and slave clocks
 * (T-BC, T-TSC) of classes A to D, and an evaluation of a time-error (TE)
 * record against them.
 *
 * The standard splits TE into a constant part (cTE, the mean) and a dynamic
 * part (dTE). Its wander masks apply to dTE_L, TE through a first-order 0.1 Hz
 * low-pass filter, so that the fast noise a downstream clock would filter out
 * anyway does not count. MTIE and TDEV ignore a constant offset, so they are
 * computed on the low-passed TE itself: the same figures as on dTE_L.
 *
 * Limits (G.8273.2 noise generation, constant temperature; cross-checked
 * against Calnex's public one-page summary of G.8273.2, 2nd edition 2020):
 *
 *     class  max|TE|  cTE   dTE_L MTIE  dTE_L TDEV
 *     A      100 ns   50 ns  40 ns       4 ns
 *     B       70 ns   20 ns  40 ns       4 ns
 *     C       30 ns   10 ns  10 ns       2 ns
 *     D      max|TE_L| 5 ns; the others are left for further study (NAN)
 *
 * The MTIE and TDEV masks are flat over 1 s <= tau <= 1000 s. The standard
 * measures over 1000 s; a longer record is judged as a whole (its cTE is the
 * mean of the whole record, its max|TE| the maximum over all of it).
 *
 * Pure: the evaluation allocates one buffer and frees it; no I/O, no state.
 */
#ifndef PTPDK_G8273_H
#define PTPDK_G8273_H

#include <stdbool.h>
#include <stddef.h>

enum ptpdk_g8273_class {
	PTPDK_G8273_A,
	PTPDK_G8273_B,
	PTPDK_G8273_C,
	PTPDK_G8273_D,
	PTPDK_G8273_CLASS_COUNT
};

/** Corner frequency of the filter that separates dTE_L from dTE_H. */
#define PTPDK_G8273_LOWPASS_HZ 0.1

/** Room for every tau of the 1-2-5 series from 1 s to 1000 s (ten of them). */
#define PTPDK_G8273_MAX_TAUS 16

/** Limits of one class in ns; NAN where the standard sets none. */
struct ptpdk_g8273_limits {
	/** Bound on max|TE|. For class D it bounds max|TE_L|, the maximum
	 *  absolute value of the 0.1 Hz low-passed TE, instead. */
	double max_abs_te_ns;
	double cte_ns;	/**< bound on |cTE| */
	double mtie_ns; /**< dTE_L MTIE mask, flat over 1 s..1000 s */
	double tdev_ns; /**< dTE_L TDEV mask, flat over 1 s..1000 s */
};

struct ptpdk_g8273_report {
	/** Taus evaluated: the 1-2-5 series 1, 2, 5, 10, ..., 1000 s, keeping
	 *  those that are whole multiples of tau0 and short enough for MTIE
	 *  (window < n). */
	size_t n_taus;
	double tau_s[PTPDK_G8273_MAX_TAUS];
	double mtie_ns[PTPDK_G8273_MAX_TAUS]; /**< of dTE_L at tau_s[i] */
	/** Of dTE_L at tau_s[i]; NAN where the record is too short for TDEV
	 *  (3m + 1 > n with m = tau / tau0). */
	double tdev_ns[PTPDK_G8273_MAX_TAUS];
	double max_abs_te_ns;	/**< max|TE| of the unfiltered TE */
	double cte_ns;		/**< constant time error: the mean of TE */
	double max_abs_te_l_ns; /**< max|TE_L| of the low-passed TE */
	double mtie_max_ns;	/**< max of mtie_ns[]; NAN when n_taus == 0 */
	double tdev_max_ns;	/**< max of the non-NAN tdev_ns[]; NAN when there is none */
	/**
	 * meets[c]: every limit of class c that is not NAN holds: |cTE| <= cte,
	 * max|TE| <= max_abs_te (class D: max|TE_L|), and MTIE and TDEV at every
	 * reported tau within their masks. Taus the record cannot reach are not
	 * held against a class: with n_taus == 0 the masks went unchecked.
	 */
	bool meets[PTPDK_G8273_CLASS_COUNT];
};

/** @return the limits of class @p c; NULL for a value outside the enum. */
const struct ptpdk_g8273_limits *ptpdk_g8273_limits(enum ptpdk_g8273_class c);

/** @return "A", "B", "C" or "D"; "invalid" for a value outside the enum. */
const char *ptpdk_g8273_class_name(enum ptpdk_g8273_class c);

/**
 * First-order (one-pole) low-pass filter with corner @p cutoff_hz, discretised
 * exactly for an input that holds the value x[k] over the sample interval
 * ending at sample k:
 *
 *     y[k] = y[k-1] + (1 - exp(-2 pi fc tau0)) (x[k] - y[k-1]),  y[0] = x[0]
 *
 * Unlike the usual zero-order hold this adds no sample of delay, and a step
 * input is followed exactly at the sample times: 1 - exp(-t / T) with
 * T = 1 / (2 pi fc). Starting from x[0] passes a constant through unchanged,
 * rather than reporting a start-up transient as wander.
 *
 * @param x         input samples x[0..n-1]
 * @param n         number of samples, >= 1
 * @param tau0_s    sample spacing in s, > 0
 * @param cutoff_hz corner frequency in Hz, > 0
 * @param out       n filtered samples; may be @p x itself (filtered in place)
 * @return 0; -EINVAL for a NULL pointer, n == 0, a tau0_s or cutoff_hz that is
 *         not a positive finite number, or a NaN or infinite sample (then out
 *         is untouched).
 */
int ptpdk_g8273_lowpass(const double *x, size_t n, double tau0_s, double cutoff_hz, double *out);

/**
 * The taus an evaluation reports for a record of @p n samples spaced @p tau0_s:
 * those of 1, 2, 5, 10, ..., 1000 s that are whole multiples of tau0 (to a
 * relative 1e-9, so tau0 = 0.1 s works) and whose window tau / tau0 is < n.
 *
 * @param tau_s receives up to @p cap taus, ascending
 * @return the number stored; 0 for a NULL tau_s or a tau0_s that is not a
 *         positive finite number.
 */
size_t ptpdk_g8273_taus(double tau0_s, size_t n, double *tau_s, size_t cap);

/**
 * Judge a TE record against every class: max|TE|, cTE, the record low-passed
 * at PTPDK_G8273_LOWPASS_HZ (into a buffer of n doubles, freed before return),
 * its max|TE_L|, MTIE and TDEV at ptpdk_g8273_taus(), and the verdicts.
 *
 * @param te_ns  TE samples in ns, equally spaced
 * @param n      number of samples, >= 3
 * @param tau0_s sample spacing in s, > 0
 * @param out    the report; untouched on error
 * @return 0; -EINVAL for a NULL pointer, n < 3, a tau0_s that is not a positive
 *         finite number, or a NaN or infinite sample; -ENOMEM when a buffer
 *         cannot be allocated.
 */
int ptpdk_g8273_evaluate(const double *te_ns, size_t n, double tau0_s,
			 struct ptpdk_g8273_report *out);

#endif
