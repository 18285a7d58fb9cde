/*
 * crc32.h -- CRC-32 (IEEE 802.3, as java.util.zip.CRC32) over an image, so the board can
 * tell a whole image from a damaged one.
 */
#ifndef LOIHI_CRC32_H
#define LOIHI_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_ieee(const uint8_t *bytes, size_t length);

#endif /* LOIHI_CRC32_H */
