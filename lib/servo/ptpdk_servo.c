/* SPDX-License-Identifier: BSD-3-Clause */
#include "ptpdk_servo.h"
