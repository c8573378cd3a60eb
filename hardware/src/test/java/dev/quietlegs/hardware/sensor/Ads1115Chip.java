package dev.quietlegs.hardware.sensor;

import dev.quietlegs.hardware.port.I2cDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ADS1115 as its data sheet describes it, at register level: a config write with OS=1 converts
 * the input its MUX names (single-ended: 0b100 + n); the conversion register then holds the
 * voltage in counts of the PGA's range. Voltages per input are set by the test; I2C failures can
 * be switched on.
 */
final class Ads1115Chip implements I2cDevice {

    final double[] volts = new double[4];
    final List<Integer> configWrites = new ArrayList<>();
    boolean failing;
    private int converted;

    @Override
    public void writeRegister(int register, byte[] data) throws IOException {
        if (failing) {
            throw new IOException("Remote I/O error");
        }
        if (register != Ads1115.CONFIG || data.length != 2) {
            throw new IOException("unexpected write to register " + register);
        }
        int config = (data[0] & 0xff) << 8 | (data[1] & 0xff);
        configWrites.add(config);
        int mux = config >> 12 & 0b111;
        int pga = config >> 9 & 0b111;
        if ((config & 0x8000) == 0 || mux < 0b100 || pga != 0b001) {
            throw new IOException("config 0x" + Integer.toHexString(config) + " is not a single-ended ±4.096 V start");
        }
        double fullScale = 4.096;
        long counts = Math.round(volts[mux - 0b100] / fullScale * 32768);
        converted = (int) Math.max(-32768, Math.min(32767, counts));
    }

    @Override
    public void readRegister(int register, byte[] into) throws IOException {
        if (failing) {
            throw new IOException("Remote I/O error");
        }
        if (register != Ads1115.CONVERSION || into.length != 2) {
            throw new IOException("unexpected read of register " + register);
        }
        into[0] = (byte) (converted >> 8);
        into[1] = (byte) converted;
    }
}
