/* cnsim: clonazepam and SSRI therapy from receptor to population.
 * One header for the whole public API. */
#ifndef CNSIM_H
#define CNSIM_H

#include "cnsim/status.h"
#include "cnsim/units.h"
#include "cnsim/registry.h"
#include "cnsim/regimen.h"
#include "cnsim/pk.h"
#include "cnsim/pkmodel.h"
#include "cnsim/pd.h"
#include "cnsim/excitability.h"
#include "cnsim/model.h"
#include "cnsim/io.h"
#include "cnsim/plot.h"
#include "cnsim/network.h"
#include "cnsim/channel.h"
#include "cnsim/neuron.h"
#include "cnsim/interact.h"
#include "cnsim/plan.h"
#include "cnsim/patient.h"
#include "cnsim/course.h"
#include "cnsim/population.h"
#include "cnsim/trial.h"
#include "cnsim/validate.h"
#include "cnsim/tdm.h"
#include "cnsim/diary.h"
#include "cnsim/command.h"

#endif
