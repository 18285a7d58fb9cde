package dev.loihi.compiler;

import dev.loihi.compiler.report.CompileReport;
import dev.loihi.image.Image;

/** A validated image and the report of how it was made. */
public record CompileResult(Image image, CompileReport report) {}
