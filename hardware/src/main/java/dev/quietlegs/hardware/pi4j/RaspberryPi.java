package dev.quietlegs.hardware.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import dev.quietlegs.hardware.wiring.PinMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Opens the {@link Pi4jBoard} on the Raspberry Pi this runs on: the preflight of {@link PiHost},
 * then a Pi4J context with exactly the providers the board uses (gpiod for the pins, linuxfs for
 * PWM and I2C), no auto-detection and no shutdown hook of Pi4J's own: the unit's shutdown applies
 * the safe state first and then shuts Pi4J down.
 */
public final class RaspberryPi {

    private RaspberryPi() {
    }

    public static Pi4jBoard open(PiHost host, PinMap map, LongSupplier nanos, double motorMinDuty)
            throws BoardUnavailableException {
        List<String> problems = host.problems(map, System.getProperty("user.name"));
        if (!problems.isEmpty()) {
            throw new BoardUnavailableException(problems, null);
        }
        PiHost.PwmChip chip = host.pwmChip(map.pwmChip()).orElseThrow();
        String description = host.model().orElse("Raspberry Pi") + " via Pi4J (PWM: pwmchip" + chip.number()
                + " channels " + chip.soc().channel(map.motorGpio()) + "/" + chip.soc().channel(map.pumpGpio())
                + ", ADS1115 at 0x" + Integer.toHexString(map.adcAddress()) + " on /dev/i2c-" + map.i2cBus() + ")";
        try {
            Context pi4j = Pi4J.newContextBuilder().noAutoDetect().setShutdownHook(false)
                    .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance(),
                            LinuxFsPwmProvider.newInstance(chip.number()), LinuxFsI2CProvider.newInstance())
                    .build();
            return Pi4jBoard.open(pi4j, map, chip.soc(), nanos, motorMinDuty, description);
        } catch (RuntimeException | LinkageError e) {
            throw new BoardUnavailableException(List.of("Pi4J could not open the board: " + rootMessage(e)
                    + " (if another program holds a pin, 'gpioinfo' shows which)"), e);
        }
    }

    /**
     * The safe state on the pins of {@code map} from a fresh process (systemd's ExecStopPost):
     * gpiod outputs low, PWM channels off, then Pi4J shut down.
     */
    public static void applySafeState(PiHost host, PinMap map) throws BoardUnavailableException {
        PiHost.PwmChip chip = host.pwmChip(map.pwmChip()).orElseThrow(() -> new BoardUnavailableException(
                List.of("no PWM chip: " + String.join("; ", host.problems(map, System.getProperty("user.name")))), null));
        Context pi4j = null;
        try {
            pi4j = Pi4J.newContextBuilder().noAutoDetect().setShutdownHook(false)
                    .add(GpioDDigitalOutputProvider.newInstance(), LinuxFsPwmProvider.newInstance(chip.number()))
                    .build();
            Pi4jBoard.driveSafe(pi4j, map, chip.soc());
        } catch (RuntimeException | LinkageError e) {
            throw new BoardUnavailableException(List.of("Pi4J could not drive the pins: " + rootMessage(e)), e);
        } finally {
            if (pi4j != null) {
                pi4j.shutdown();
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t.getMessage();
    }
}
