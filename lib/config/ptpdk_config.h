/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef PTPDK_CONFIG_H
#define PTPDK_CONFIG_H
#endif
