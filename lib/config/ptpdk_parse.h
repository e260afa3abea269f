/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict parsing of numbers and MAC addresses from text (configuration files, command
 * lines). Unlike bare strtol()/strtod(), the whole string must be the number: no leading
 * or trailing blanks, no "12x", no empty string, no silent overflow.
 */
#ifndef PTPDK_PARSE_H
#define PTPDK_PARSE_H

#include <stdint.h>

/**
 * Parse a signed integer: optional sign, then decimal digits or 0x/0X and hex digits.
 * A leading 0 does not mean octal ("010" is ten), unlike strtol(s, NULL, 0).
 * @param s    the text (NULL is treated as not a number)
 * @param min  smallest accepted value
 * @param max  largest accepted value
 * @param out  the value; written only on success
 * @return 0; -EINVAL when @p s is not an integer; -ERANGE when it is one but lies outside
 *         @p min .. @p max (or outside int64_t)
 */
int ptpdk_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/**
 * Parse an unsigned integer, as ptpdk_parse_int64() ("-0" is 0; "-5" is out of range,
 * not malformed, so that a message can say so).
 * @return 0; -EINVAL (not an integer); -ERANGE (outside @p min .. @p max or uint64_t)
 */
int ptpdk_parse_uint64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/**
 * Parse a finite floating-point number as strtod() does in the C locale, hex floats
 * included; "inf", "nan" and blanks are rejected.
 * @return 0; -EINVAL (not a finite number); -ERANGE (overflow, or outside @p min .. @p max;
 *         an underflow to a denormal or zero is accepted)
 */
int ptpdk_parse_double(const char *s, double min, double max, double *out);

/**
 * Parse a MAC address written as six colon-separated pairs of hex digits
 * ("01:1B:19:00:00:00"; either case).
 * @return 0; -EINVAL for anything else
 */
int ptpdk_parse_mac(const char *s, uint8_t out[6]);

#endif
