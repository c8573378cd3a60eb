package dev.quietlegs.hardware.sensor;

import dev.quietlegs.hardware.port.I2cDevice;
import java.io.IOException;

/**
 * The TI ADS1115 16-bit ADC, single-ended, single-shot: writing the config register starts one
 * conversion of one input; about 1.2 ms later (860 samples/s) the conversion register holds it.
 */
public final class Ads1115 {

    static final int CONVERSION = 0x00;
    static final int CONFIG = 0x01;
    /** Full scale of the ±4.096 V range, in volts per count. */
    static final double VOLTS_PER_COUNT = 4.096 / 32768;

    private final I2cDevice device;
    private final byte[] word = new byte[2];

    public Ads1115(I2cDevice device) {
        this.device = device;
    }

    /**
     * The config word that starts a single conversion of input {@code channel} (0–3) against
     * ground: OS=1 (start), MUX=1xx (AINx vs GND), PGA=001 (±4.096 V), MODE=1 (single-shot),
     * DR=111 (860 SPS), comparator off (COMP_QUE=11).
     */
    static int configFor(int channel) {
        if (channel < 0 || channel > 3) {
            throw new IllegalArgumentException("ADS1115 has inputs 0 to 3, not " + channel);
        }
        return 0x8000 | (0b100 | channel) << 12 | 0b001 << 9 | 1 << 8 | 0b111 << 5 | 0b11;
    }

    public void start(int channel) throws IOException {
        int c = configFor(channel);
        word[0] = (byte) (c >> 8);
        word[1] = (byte) c;
        device.writeRegister(CONFIG, word);
    }

    /** The last conversion, in volts (big-endian, two's complement). */
    public double readVolts() throws IOException {
        device.readRegister(CONVERSION, word);
        short raw = (short) ((word[0] & 0xff) << 8 | (word[1] & 0xff));
        return raw * VOLTS_PER_COUNT;
    }
}
