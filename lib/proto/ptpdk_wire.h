/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Big-endian field access for the codec. Callers check bounds before calling:
 * these helpers never see a length, so keeping them out of public headers keeps
 * every unchecked access inside the codec, where the bounds checks live.
 */
#ifndef PTPDK_WIRE_H
#define PTPDK_WIRE_H

#include <stdint.h>

static inline uint16_t wire_get_u16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t wire_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t wire_get_u48(const uint8_t *p)
{
	return (uint64_t)wire_get_u16(p) << 32 | wire_get_u32(p + 2);
}

static inline uint64_t wire_get_u64(const uint8_t *p)
{
	return (uint64_t)wire_get_u32(p) << 32 | wire_get_u32(p + 4);
}

static inline void wire_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void wire_put_u32(uint8_t *p, uint32_t v)
{
	wire_put_u16(p, (uint16_t)(v >> 16));
	wire_put_u16(p + 2, (uint16_t)v);
}

static inline void wire_put_u48(uint8_t *p, uint64_t v)
{
	wire_put_u16(p, (uint16_t)(v >> 32));
	wire_put_u32(p + 2, (uint32_t)v);
}

static inline void wire_put_u64(uint8_t *p, uint64_t v)
{
	wire_put_u32(p, (uint32_t)(v >> 32));
	wire_put_u32(p + 4, (uint32_t)v);
}

#endif
