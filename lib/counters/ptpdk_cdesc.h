/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Counter descriptors. A counter struct (every member a uint64_t, or an array or a
 * struct of them) gets one table that tells, for each counter, its name, the group a
 * person sees it under, where it lies in the struct and how it is shown. Code that
 * prints, exports or checks counters walks the table instead of naming fields, so a
 * counter added to a struct and to its table shows up in every output at once, and a
 * test catches a counter that no table describes: the slots a table covers must add
 * up to the size of its struct.
 *
 * An array of counters (by message type, by reason) is one descriptor whose function
 * names each element.
 *
 * Pure: no DPDK, no I/O (ptpdk_cdesc_print.h writes tables and JSON).
 */
#ifndef PTPDK_CDESC_H
#define PTPDK_CDESC_H

#include <stddef.h>
#include <stdint.h>

/* Flags of a descriptor. */
/** Table: a row only when the counter is not zero (drops, rare events). */
#define PTPDK_CDESC_TABLE_NONZERO 0x1
/** JSON: a member only when the counter is not zero (sparse arrays). */
#define PTPDK_CDESC_JSON_NONZERO 0x2
/** JSON: an array's elements are members of the enclosing object, not an object of their own. */
#define PTPDK_CDESC_FLAT 0x4

/** One counter, or one array of counters, in a struct. */
struct ptpdk_cdesc {
	const char *name;  /**< JSON key and table name: snake_case, unique in its table */
	const char *group; /**< the table's group column ("rx", "rejected", "e2e drop") */
	const char *help;  /**< one short sentence, for exporters (a Prometheus HELP line) */
	size_t offset;	   /**< of the counter, or of an array's first element */
	unsigned count;	   /**< 1, or the number of elements of an array */
	/** Names element i of an array ("Sync", "bad_udp_checksum"); NULL for one counter. */
	const char *(*elem_name)(unsigned i);
	unsigned flags; /**< PTPDK_CDESC_* */
};

/** The descriptors of one struct. */
struct ptpdk_cdesc_table {
	const char *name; /**< short name of what it describes ("rxq"), for messages */
	size_t size;	  /**< sizeof the struct described */
	const struct ptpdk_cdesc *desc;
	unsigned n;
};

/* Evaluates to 0, and compiles only when the member is a uint64_t (ONE) or an array of
 * them (ARRAY): a descriptor cannot point at a member of another type. */
#define PTPDK_CDESC_IS_U64_(type, member) (0 * sizeof(_Generic(((type *)0)->member, uint64_t : 1)))
#define PTPDK_CDESC_IS_U64_ARRAY_(type, member)                                                    \
	(0 * sizeof(_Generic(((type *)0)->member, uint64_t * : 1)))

/**
 * A descriptor of the uint64_t @p member of @p type (a member designator such as
 * txts.stamped is fine), shown as @p name in @p group.
 */
#define PTPDK_CDESC_ONE(type, member, name_, group_, flags_, help_)                                \
	{                                                                                          \
		.name = (name_), .group = (group_), .help = (help_),                               \
		.offset = offsetof(type, member) + PTPDK_CDESC_IS_U64_(type, member), .count = 1,  \
		.elem_name = NULL, .flags = (flags_)                                               \
	}

/** A descriptor of the uint64_t array @p member of @p type, its elements named by @p names. */
#define PTPDK_CDESC_ARRAY(type, member, name_, group_, names, flags_, help_)                       \
	{                                                                                          \
		.name = (name_), .group = (group_), .help = (help_),                               \
		.offset = offsetof(type, member) + PTPDK_CDESC_IS_U64_ARRAY_(type, member),        \
		.count = (unsigned)(sizeof(((type *)0)->member) / sizeof(uint64_t)),               \
		.elem_name = (names), .flags = (flags_)                                            \
	}

/** The table of @p descs (an array) for @p type. */
#define PTPDK_CDESC_TABLE(type, name_, descs)                                                      \
	{                                                                                          \
		.name = (name_), .size = sizeof(type), .desc = (descs),                            \
		.n = (unsigned)(sizeof(descs) / sizeof((descs)[0]))                                \
	}

/** One counter as a walk visits it. */
struct ptpdk_cdesc_item {
	const struct ptpdk_cdesc *desc;
	const char *name; /**< the descriptor's name, or the element's in an array */
	unsigned index;	  /**< the element's index in an array; 0 for one counter */
	uint64_t value;
};

/** Called for each counter; a non-zero return stops the walk. */
typedef int (*ptpdk_cdesc_visit_fn)(void *ctx, const struct ptpdk_cdesc_item *item);

/**
 * Visit every counter of the struct at @p base in table order, every element of an
 * array in index order (elements equal to zero included: flags are for the visitor).
 * @return 0, or the first non-zero value @p visit returned
 */
int ptpdk_cdesc_walk(const struct ptpdk_cdesc_table *t, const void *base,
		     ptpdk_cdesc_visit_fn visit, void *ctx);

/**
 * Check a table against its struct: every descriptor has a name, a group and a help
 * text, an array has element names, every counter lies inside the struct on a
 * uint64_t boundary, no two descriptors share a slot or a name.
 * @return the number of uint64_t slots the table covers (each array element one);
 *	   -EINVAL for a missing name, group, help or element-name function, or a count
 *	   of 0; -ERANGE for a counter outside the struct or not aligned to 8 bytes;
 *	   -EEXIST for a slot or a name described twice
 */
int ptpdk_cdesc_check(const struct ptpdk_cdesc_table *t);

/**
 * The name of @p item under @p prefix, as exporters show it: "prefix/name" for one
 * counter, "prefix/name/element" for an element of an array ("rx/by_type/Sync").
 * @return the length written (snprintf's), >= @p len when truncated
 */
int ptpdk_cdesc_key(char *buf, size_t len, const char *prefix, const struct ptpdk_cdesc_item *item);

#endif
