package dev.quietlegs.hardware.port;

import java.io.IOException;

/** One device on an I2C bus, by register. The Pi4J adapter implements it over Pi4J's I2C. */
public interface I2cDevice {

    void writeRegister(int register, byte[] data) throws IOException;

    void readRegister(int register, byte[] into) throws IOException;
}
