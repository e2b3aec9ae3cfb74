/* Weight for age: the reference a child's weight is checked against, and
 * the weight used for a child whose weight is not given.
 *
 * Data: the 2000 CDC growth charts, weight-for-age, LMS parameters by sex
 * (Kuczmarski RJ, Ogden CL, Guo SS, et al. 2000 CDC Growth Charts for the
 * United States: methods and development. Vital Health Stat 11(246), 2002;
 * data files wtageinf.csv, birth to 36 months, and wtage.csv, 2 to 20
 * years, National Center for Health Statistics; source cdc-growth-2000).
 * Rows kept: birth, 0.5, 1.5, 3.5, 6.5 ... 21.5 months from the infant file,
 * then 24 months and every 6 months to 240 months from the 2-20 year file;
 * L, M and S are interpolated linearly in age between them (M moves by
 * less than 2% between kept rows after the first months).
 *
 * A weight W at age t has the LMS value W(z) = M (1 + L S z)^(1/L). The
 * plausible range is that of the CDC's check for biologically implausible
 * values (BIV; SAS program for the 2000 CDC growth charts, cut-offs revised
 * 2016; source cdc-biv): a modified z-score for weight-for-age from -5 to
 * +8, where one modified unit is half the distance from M to W(-2) below
 * the median and half the distance from M to W(+2) above it. */
#include <math.h>
#include <stddef.h>

#include "cnsim/patient.h"
#include "patient/patient_impl.h"
#include "core_impl.h"

typedef struct lms { double age_mo, l, m, s; } lms;

static const lms male[] = {
    {0, 1.81515, 3.5302, 0.152385},
    {0.5, 1.54752, 4.00311, 0.146025},
    {1.5, 1.0688, 4.87953, 0.136479},
    {3.5, 0.419815, 6.39139, 0.124717},
    {6.5, -0.0219076, 8.16295, 0.116154},
    {9.5, -0.160095, 9.4765, 0.112186},
    {12.5, -0.179254, 10.4589, 0.110119},
    {15.5, -0.163114, 11.2096, 0.108956},
    {18.5, -0.152762, 11.8048, 0.108317},
    {21.5, -0.168179, 12.3015, 0.108067},
    {24, -0.206152, 12.6708, 0.108126},
    {30.5, -0.397568, 13.5609, 0.109378},
    {36.5, -0.62132, 14.4026, 0.111875},
    {42.5, -0.804515, 15.3194, 0.115493},
    {48.5, -0.915242, 16.3168, 0.119955},
    {54.5, -0.969633, 17.3791, 0.124879},
    {60.5, -1.00045, 18.4859, 0.129879},
    {66.5, -1.03504, 19.6214, 0.134676},
    {72.5, -1.08747, 20.7777, 0.139143},
    {78.5, -1.15813, 21.9564, 0.14331},
    {84.5, -1.2365, 23.1674, 0.147337},
    {90.5, -1.30627, 24.4265, 0.151472},
    {96.5, -1.35181, 25.7526, 0.155974},
    {102.5, -1.36346, 27.1649, 0.161026},
    {108.5, -1.33941, 28.6813, 0.166659},
    {114.5, -1.28437, 30.3177, 0.172729},
    {120.5, -1.20669, 32.088, 0.178929},
    {126.5, -1.11554, 34.0036, 0.184847},
    {132.5, -1.01928, 36.0726, 0.19003},
    {138.5, -0.92467, 38.2978, 0.194053},
    {144.5, -0.836962, 40.6744, 0.196592},
    {150.5, -0.760274, 43.1883, 0.197464},
    {156.5, -0.698166, 45.8134, 0.196662},
    {162.5, -0.654143, 48.5111, 0.194344},
    {168.5, -0.631877, 51.231, 0.190808},
    {174.5, -0.634919, 53.9126, 0.186442},
    {180.5, -0.665609, 56.491, 0.181666},
    {186.5, -0.723218, 58.9029, 0.176887},
    {192.5, -0.801993, 61.0954, 0.172459},
    {198.5, -0.890436, 63.0323, 0.168655},
    {204.5, -0.973245, 64.6996, 0.16564},
    {210.5, -1.0354, 66.1075, 0.163439},
    {216.5, -1.06622, 67.2899, 0.161923},
    {222.5, -1.06134, 68.3, 0.16087},
    {228.5, -1.02329, 69.1947, 0.160138},
    {234.5, -0.964377, 69.9987, 0.160007},
    {240, -0.916488, 70.5976, 0.161477},
};

static const lms female[] = {
    {0, 1.50919, 3.39919, 0.142107},
    {0.5, 1.35794, 3.79753, 0.138076},
    {1.5, 1.10554, 4.54478, 0.131734},
    {3.5, 0.734121, 5.85996, 0.123025},
    {6.5, 0.352164, 7.45485, 0.114894},
    {9.5, 0.0708857, 8.69342, 0.109864},
    {12.5, -0.156409, 9.66609, 0.106835},
    {15.5, -0.346999, 10.4454, 0.10535},
    {18.5, -0.507701, 11.0887, 0.105144},
    {21.5, -0.641854, 11.6404, 0.106007},
    {24, -0.73534, 12.055, 0.107399},
    {30.5, -0.914719, 13.0436, 0.113023},
    {36.5, -1.02447, 13.9411, 0.119492},
    {42.5, -1.10702, 14.8812, 0.125973},
    {48.5, -1.17703, 15.8782, 0.131802},
    {54.5, -1.23833, 16.9283, 0.136811},
    {60.5, -1.28769, 18.0231, 0.141191},
    {66.5, -1.31899, 19.1583, 0.145317},
    {72.5, -1.32676, 20.3364, 0.14959},
    {78.5, -1.30849, 21.5675, 0.154326},
    {84.5, -1.26555, 22.868, 0.159693},
    {90.5, -1.20288, 24.2579, 0.165689},
    {96.5, -1.12768, 25.757, 0.172147},
    {102.5, -1.04785, 27.382, 0.178774},
    {108.5, -0.970686, 29.1429, 0.185201},
    {114.5, -0.902198, 31.0403, 0.191041},
    {120.5, -0.846873, 33.0639, 0.195947},
    {126.5, -0.807873, 35.1918, 0.199648},
    {132.5, -0.787374, 37.3909, 0.201971},
    {138.5, -0.786904, 39.6191, 0.202848},
    {144.5, -0.8076, 41.828, 0.202299},
    {150.5, -0.850307, 43.9661, 0.200419},
    {156.5, -0.915514, 45.9837, 0.197363},
    {162.5, -1.00305, 47.8366, 0.19333},
    {168.5, -1.11161, 49.4908, 0.18856},
    {174.5, -1.23801, 50.9254, 0.183328},
    {180.5, -1.37648, 52.1357, 0.177947},
    {186.5, -1.51816, 53.1333, 0.172761},
    {192.5, -1.65125, 53.9454, 0.168125},
    {198.5, -1.76224, 54.6122, 0.164368},
    {204.5, -1.83809, 55.1822, 0.161753},
    {210.5, -1.86898, 55.7062, 0.160423},
    {216.5, -1.85095, 56.2297, 0.16037},
    {222.5, -1.78798, 56.7803, 0.161399},
    {228.5, -1.69327, 57.3518, 0.163138},
    {234.5, -1.58953, 57.8833, 0.165088},
    {240, -1.51336, 58.219, 0.166645},
};

#define N_ROWS(t) (sizeof t / sizeof t[0])
#define BIV_LOW_Z (-5.0)
#define BIV_HIGH_Z 8.0
#define REFERENCE_END_MO 240.0

static lms at(const lms *t, size_t n, double age_mo)
{
    if (age_mo <= t[0].age_mo)
        return t[0];
    for (size_t i = 1; i < n; i++)
        if (age_mo <= t[i].age_mo) {
            double f = (age_mo - t[i - 1].age_mo) / (t[i].age_mo - t[i - 1].age_mo);
            lms r = {age_mo, t[i - 1].l + f * (t[i].l - t[i - 1].l), t[i - 1].m + f * (t[i].m - t[i - 1].m),
                     t[i - 1].s + f * (t[i].s - t[i - 1].s)};
            return r;
        }
    return t[n - 1];
}

static double weight_at_z(lms r, double z)
{
    return fabs(r.l) < 1e-9 ? r.m * exp(r.s * z) : r.m * pow(1 + r.l * r.s * z, 1 / r.l);
}

static void one_sex(const lms *t, size_t n, double age_mo, double *median, double *lo, double *hi)
{
    lms r = at(t, n, fmin(age_mo, REFERENCE_END_MO));
    double below = (r.m - weight_at_z(r, -2)) / 2, above = (weight_at_z(r, 2) - r.m) / 2;
    *median = r.m;
    *lo = r.m + BIV_LOW_Z * below;
    *hi = r.m + BIV_HIGH_Z * above;
}

cnsim_status cnsim_patient_weight_for_age(double age_y, cnsim_sex sex, double *median_kg, double *lo_kg,
                                          double *hi_kg)
{
    if (!(age_y >= 0) || age_y > CNSIM_PATIENT_AGE_MAX_Y)
        return cnsim__fail(CNSIM_E_RANGE, "age %g y; expected 0 to %g years", age_y, CNSIM_PATIENT_AGE_MAX_Y);
    double age_mo = age_y * 12, m[2], lo[2], hi[2];
    one_sex(male, N_ROWS(male), age_mo, &m[0], &lo[0], &hi[0]);
    one_sex(female, N_ROWS(female), age_mo, &m[1], &lo[1], &hi[1]);
    int k = sex == CNSIM_SEX_MALE ? 0 : sex == CNSIM_SEX_FEMALE ? 1 : -1;
    double med = k >= 0 ? m[k] : (m[0] + m[1]) / 2;
    double l = k >= 0 ? lo[k] : fmin(lo[0], lo[1]);
    double h = k >= 0 ? hi[k] : fmax(hi[0], hi[1]);
    /* Adults (20 y and over, past the charts): the lower limit at 20 years
     * still holds; the median is not a reference (adults without a weight
     * keep the 70 kg reference of the PK parameters) and the upper limit
     * is the profile's general maximum. */
    if (age_mo >= REFERENCE_END_MO) {
        med = NAN;
        h = CNSIM_PATIENT_WEIGHT_MAX_KG;
    }
    if (median_kg)
        *median_kg = med;
    if (lo_kg)
        *lo_kg = fmax(l, CNSIM_PATIENT_WEIGHT_MIN_KG);
    if (hi_kg)
        *hi_kg = fmin(h, CNSIM_PATIENT_WEIGHT_MAX_KG);
    return CNSIM_OK;
}

double cnsim__patient_pk_weight_kg(const cnsim_patient *p, int *is_reference)
{
    *is_reference = 0;
    if (!isnan(p->weight_kg))
        return p->weight_kg;
    double med = NAN;
    if (!isnan(p->age_y) && p->age_y < CNSIM_PATIENT_CHILD_AGE_Y &&
        cnsim_patient_weight_for_age(p->age_y, p->sex, &med, NULL, NULL) == CNSIM_OK && !isnan(med)) {
        *is_reference = 1;
        return med;
    }
    return NAN;
}
