// Prints the TOTP code an independent implementation (otplib) computes for a base32 secret at a Unix time:
//   node totp.mjs <base32-secret> <unix-seconds>
import otplib from 'otplib';

const [secret, seconds] = process.argv.slice(2);
const { authenticator } = otplib;
authenticator.options = { epoch: Number(seconds) * 1000, step: 30, digits: 6 };
console.log(authenticator.generate(secret));
