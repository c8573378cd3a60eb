package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.i2c.I2C;
import dev.quietlegs.hardware.port.I2cDevice;
import java.io.IOException;

/** One I2C device through Pi4J. Pi4J's runtime failures become IOExceptions the driver can judge. */
public final class Pi4jI2cDevice implements I2cDevice {

    private final I2C i2c;

    public Pi4jI2cDevice(I2C i2c) {
        this.i2c = i2c;
    }

    @Override
    public void writeRegister(int register, byte[] data) throws IOException {
        try {
            i2c.writeRegister(register, data, 0, data.length);
        } catch (RuntimeException e) {
            throw new IOException("I2C write to register " + register + " of device 0x"
                    + Integer.toHexString(i2c.device()) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void readRegister(int register, byte[] into) throws IOException {
        int n;
        try {
            n = i2c.readRegister(register, into, 0, into.length);
        } catch (RuntimeException e) {
            throw new IOException("I2C read of register " + register + " of device 0x"
                    + Integer.toHexString(i2c.device()) + " failed: " + e.getMessage(), e);
        }
        if (n != into.length) {
            throw new IOException("I2C read of register " + register + " returned " + n + " of " + into.length + " bytes");
        }
    }
}
