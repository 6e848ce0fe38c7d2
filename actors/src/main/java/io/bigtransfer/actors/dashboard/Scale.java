package io.bigtransfer.actors.dashboard;

/** A linear map from data values onto pixels; the range may run backwards (SVG's y grows downwards). */
record Scale(double domainStart, double domainEnd, double rangeStart, double rangeEnd) {

    Scale {
        if (!(domainEnd > domainStart)) {
            throw new IllegalArgumentException("a scale needs a domain of positive width, not [" + domainStart + ", "
                    + domainEnd + "]");
        }
    }

    double apply(double value) {
        return rangeStart + (value - domainStart) / (domainEnd - domainStart) * (rangeEnd - rangeStart);
    }
}
