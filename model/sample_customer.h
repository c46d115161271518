/* Plausible customers for demos and tests (`custty sandbox --seed-customers`):
 * values for a descriptor's fields, made from each field's type (an email
 * field gets an address, a country field a code, a date field a date…), so
 * they pass the client's own validators and any provider's descriptor. */
#ifndef CUSTTY_MODEL_SAMPLE_CUSTOMER_H
#define CUSTTY_MODEL_SAMPLE_CUSTOMER_H

#include "model/descriptor.h"
#include "model/values.h"

#include <glib.h>

/* The INDEX-th customer of a run drawn from RNG (the same seed, the same
 * customers), into V (values_init'ed): every required field, and about half
 * the others. Emails and unique fields hold INDEX, so none repeats. */
void sample_customer(const Descriptor *d, GRand *rng, size_t index, Values *v);

#endif
