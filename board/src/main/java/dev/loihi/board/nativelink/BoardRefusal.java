package dev.loihi.board.nativelink;

/**
 * What the board said when it refused a request (LOIHI_E_BOARD): the link.proto ErrorCode
 * number, the step concerned if any, the board-side LoihiException code if any, and its
 * one-line message. The native transport turns it into the same Error frame a TCP board sends.
 */
public record BoardRefusal(int errorCode, boolean hasStep, long step, String detailCode, String message) {}
